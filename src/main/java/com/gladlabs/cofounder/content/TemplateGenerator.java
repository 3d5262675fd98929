package com.gladlabs.cofounder.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;

/**
 * Writes content offline from templates: a title, an introduction, headed sections shaped by the
 * style, and a conclusion, in sentences shaped by the tone, until the target length is reached
 * (within one sentence, so within 10% from 200 words up). The same brief always gives the same text.
 */
@ApplicationScoped
@Default
@Identifier(TemplateGenerator.NAME)
public class TemplateGenerator implements ContentGenerator {

    static final String NAME = "template";

    private static final Map<String, List<String>> SECTIONS = Map.of(
            "technical", List.of("Overview of %s", "How %s works", "Putting %s into practice", "Common pitfalls"),
            "narrative", List.of("Where the story of %s begins", "The turning point", "What changed with %s",
                    "What we learned"),
            "listicle", List.of("1. Start with %s", "2. Measure what matters", "3. Automate the routine",
                    "4. Keep improving %s"),
            "educational", List.of("What is %s?", "Why %s matters", "Step by step", "Practice and next steps"),
            "thought-leadership", List.of("The shift in %s", "Why now", "What leaders should do",
                    "Looking ahead"));

    private static final Map<String, List<String>> SENTENCES = Map.of(
            "professional", List.of(
                    "Teams that take %2$s seriously see clearer results within a quarter.",
                    "A well-defined approach to %1$s reduces risk and keeps delivery predictable.",
                    "The most effective organisations treat %2$s as a discipline, not a project.",
                    "Clear ownership and simple metrics make %1$s easier to sustain.",
                    "Start small, measure the outcome, and expand what demonstrably works.",
                    "Documenting decisions about %2$s saves time when the team grows.",
                    "Each step should have an owner, a deadline and a measurable result.",
                    "Stakeholders respond well when progress on %1$s is visible and regular."),
            "casual", List.of(
                    "Honestly, %2$s is easier than it looks once you get going.",
                    "Here is the thing about %1$s: small wins add up fast.",
                    "You do not need a huge budget to make %2$s work for you.",
                    "Try one idea this week and see what sticks.",
                    "Most people overthink %1$s, so keep it simple and keep moving.",
                    "If something feels clunky, it probably is, so fix it early.",
                    "A quick checklist beats a perfect plan that never ships.",
                    "Share what you learn about %2$s with your team and friends."),
            "academic", List.of(
                    "Prior work suggests that %2$s correlates with measurable gains in outcomes.",
                    "A systematic treatment of %1$s requires explicit assumptions and clear definitions.",
                    "The evidence on %2$s remains mixed, which motivates careful evaluation.",
                    "Controlled comparisons help separate the effect of %1$s from confounding factors.",
                    "Replication across contexts strengthens any conclusion about %2$s.",
                    "Methodological rigour matters as much as the results themselves.",
                    "Future research should examine the long-term effects of %1$s.",
                    "These observations are consistent with established models of adoption."),
            "inspirational", List.of(
                    "Every great result with %2$s started with a single brave step.",
                    "Imagine what %1$s could make possible for the people you serve.",
                    "Progress on %2$s is built one deliberate choice at a time.",
                    "The best moment to begin with %1$s is today.",
                    "Small, steady improvements become remarkable over a year.",
                    "Your team is capable of more than any plan can predict.",
                    "Let curiosity about %2$s lead, and confidence will follow.",
                    "What you build now with %1$s will outlast the effort it takes."));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<GeneratedContent> generate(ContentBrief brief, IntFunction<Uni<Void>> progress) {
        return progress.apply(10)
                .map(ignored -> write(brief))
                .call(() -> progress.apply(90));
    }

    GeneratedContent write(ContentBrief brief) {
        Random random = new Random(seed(brief));
        String topic = brief.topic();
        String keyword = brief.keyword();
        List<String> sentences = SENTENCES.getOrDefault(brief.tone(), SENTENCES.get("professional"));
        List<String> headings = SECTIONS.getOrDefault(brief.style(), SECTIONS.get("technical")).stream()
                .map(h -> String.format(Locale.ROOT, h, topic)).toList();

        // Paragraphs: the introduction, one per section, the conclusion. Sentences go round them.
        List<StringBuilder> paragraphs = new ArrayList<>();
        for (int i = 0; i < headings.size() + 2; i++) {
            paragraphs.add(new StringBuilder());
        }
        paragraphs.get(0).append(String.format(Locale.ROOT, "This piece looks at %s through the lens of %s.", topic,
                keyword));
        paragraphs.get(paragraphs.size() - 1).append(String.format(Locale.ROOT,
                "In short, %s rewards a steady, measured approach.", keyword));
        // Words as Article counts them: headings (and "Conclusion") are read too; the title is not.
        int words = Article.countWords(String.join(" ", headings)) + 1 + Article.countWords(paragraphs.get(0))
                + Article.countWords(paragraphs.get(paragraphs.size() - 1));
        int slot = 1;
        while (words < brief.targetLength()) {
            String sentence = String.format(Locale.ROOT, sentences.get(random.nextInt(sentences.size())), topic, keyword);
            StringBuilder paragraph = paragraphs.get(slot);
            paragraph.append(paragraph.isEmpty() ? "" : " ").append(sentence);
            words += Article.countWords(sentence);
            slot = (slot + 1) % paragraphs.size();
        }

        String title = title(brief);
        StringBuilder markdown = new StringBuilder("# ").append(title).append("\n\n").append(paragraphs.get(0));
        for (int i = 0; i < headings.size(); i++) {
            markdown.append("\n\n## ").append(headings.get(i)).append("\n\n").append(paragraphs.get(i + 1));
        }
        markdown.append("\n\n## Conclusion\n\n").append(paragraphs.get(paragraphs.size() - 1)).append('\n');
        return new GeneratedContent(title, markdown.toString(), "template-v1");
    }

    private static String title(ContentBrief brief) {
        String topic = Character.toUpperCase(brief.topic().charAt(0)) + brief.topic().substring(1);
        return switch (brief.style()) {
            case "listicle" -> "4 ways to get " + brief.topic() + " right";
            case "educational" -> "A practical guide to " + brief.topic();
            case "narrative" -> "How we learned " + brief.topic();
            case "thought-leadership" -> "Why " + brief.topic() + " matters now";
            default -> topic + ": a technical deep dive";
        };
    }

    private static long seed(ContentBrief brief) {
        return String.join("\u0001", brief.taskType(), brief.topic(), brief.keyword(), brief.style(), brief.tone(),
                Integer.toString(brief.targetLength())).hashCode();
    }
}
