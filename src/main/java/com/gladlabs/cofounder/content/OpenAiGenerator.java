package com.gladlabs.cofounder.content;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.IntFunction;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;

/**
 * Writes content with any OpenAI-compatible chat-completions endpoint. Each call is bounded by a
 * timeout, retried with exponential backoff on failure (a 429, a 5xx, a timeout, an unreadable
 * answer), and a circuit breaker stops calling an endpoint that keeps failing. Override any of them
 * with the SmallRye Fault Tolerance keys, e.g.
 * {@code com.gladlabs.cofounder.content.OpenAiGenerator/complete/Timeout/value=30000}.
 */
@ApplicationScoped
@Default
@Identifier(OpenAiGenerator.NAME)
public class OpenAiGenerator implements ContentGenerator {

    static final String NAME = "openai";

    private final ChatCompletionsClient client;
    private final ContentConfig.OpenAi config;

    public OpenAiGenerator(@RestClient ChatCompletionsClient client, ContentConfig config) {
        this.client = client;
        this.config = config.openai();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<GeneratedContent> generate(ContentBrief brief, IntFunction<Uni<Void>> progress) {
        return progress.apply(10)
                .chain(() -> complete(request(brief)))
                .map(answer -> content(brief, answer))
                .call(() -> progress.apply(90));
    }

    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 500, jitter = 200)
    @ExponentialBackoff
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.8, delay = 30, delayUnit = ChronoUnit.SECONDS)
    Uni<ChatCompletionsClient.ChatResponse> complete(ChatCompletionsClient.ChatRequest request) {
        String authorization = config.apiKey().map(key -> "Bearer " + key).orElse(null);
        return client.complete(authorization, request);
    }

    private ChatCompletionsClient.ChatRequest request(ContentBrief brief) {
        String system = "You write " + brief.taskType().replace('_', ' ') + " content in Markdown: a '# ' title, "
                + "an introduction, at least three '## ' sections and a conclusion. Answer with the Markdown only.";
        String user = String.format(
                "Topic: %s%nStyle: %s%nTone: %s%nLength: about %d words%nPrimary keyword (use it): %s%nCategory: %s",
                brief.topic(), brief.style(), brief.tone(), brief.targetLength(), brief.keyword(),
                brief.category() == null ? "general" : brief.category());
        return new ChatCompletionsClient.ChatRequest(config.model(),
                List.of(new ChatCompletionsClient.Message("system", system), new ChatCompletionsClient.Message("user", user)),
                0.7);
    }

    private static GeneratedContent content(ContentBrief brief, ChatCompletionsClient.ChatResponse answer) {
        String markdown = answer == null || answer.choices() == null || answer.choices().isEmpty()
                || answer.choices().get(0).message() == null ? null : answer.choices().get(0).message().content();
        if (markdown == null || markdown.isBlank()) {
            throw new IllegalStateException("The model answered without content");
        }
        String title = markdown.lines().filter(line -> line.startsWith("# ")).map(line -> line.substring(2).trim())
                .findFirst().orElse(brief.topic());
        return new GeneratedContent(title, markdown.strip() + "\n", answer.model() == null ? "unknown" : answer.model());
    }
}
