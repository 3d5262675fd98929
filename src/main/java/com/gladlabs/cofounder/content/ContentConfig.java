package com.gladlabs.cofounder.content;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Content generation and publishing (env: COFOUNDER_CONTENT_*). */
@ConfigMapping(prefix = "cofounder.content")
public interface ContentConfig {

    /** Which generator writes the content: {@code template} (offline) or {@code openai}. */
    @WithDefault("template")
    String generator();

    /** publish_mode=publish publishes at once when the quality score reaches this; else it waits for approval. */
    @WithDefault("70")
    int publishThreshold();

    OpenAi openai();

    /**
     * Any OpenAI-compatible chat-completions endpoint (OpenAI, Ollama, vLLM...). Timeout, retries
     * and the circuit breaker are SmallRye Fault Tolerance settings of {@link OpenAiGenerator}.
     */
    interface OpenAi {
        /** Base URL up to and including the API version, e.g. https://api.openai.com/v1. */
        @WithDefault("https://api.openai.com/v1")
        String baseUrl();

        @WithDefault("gpt-4o-mini")
        String model();

        /** Sent as a bearer token; never logged. */
        Optional<String> apiKey();
    }
}
