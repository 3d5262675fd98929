package com.gladlabs.cofounder.content;

/** What a generator wrote: markdown with a title, and which model wrote it. */
public record GeneratedContent(String title, String markdown, String modelUsed) {
}
