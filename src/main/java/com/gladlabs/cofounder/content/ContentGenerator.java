package com.gladlabs.cofounder.content;

import java.util.function.IntFunction;

import io.smallrye.mutiny.Uni;

/**
 * Writes the content of one task. Chosen by {@code cofounder.content.generator}; implementations
 * are CDI beans named by {@link #name()}. A failure fails this attempt; the worker decides on retries.
 */
public interface ContentGenerator {

    String name();

    /**
     * @param progress reports 0..100 while generating; each report is stored and renews the lease
     */
    Uni<GeneratedContent> generate(ContentBrief brief, IntFunction<Uni<Void>> progress);
}
