package com.gladlabs.cofounder.content;

import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Generated markdown and what is measured from it: word count, excerpt, slug and the quality
 * checks whose outcome decides the quality score (0..100). The same measures apply to every
 * generator, so their scores compare.
 */
public record Article(String title, String markdown, int wordCount, String excerpt, String slug, int qualityScore,
        Map<String, Object> checks) {

    static final int EXCERPT_LENGTH = 160;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’-]*");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{2,3} \\S");
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?](\\s|$)");

    public static Article measure(ContentBrief brief, GeneratedContent content) {
        String body = plainBody(content.markdown());
        int words = countWords(body);
        Map<String, Object> checks = new LinkedHashMap<>();
        int score = 0;

        double deviation = Math.abs(words - brief.targetLength()) / (double) brief.targetLength();
        boolean lengthFits = deviation <= 0.10;
        checks.put("length_fit", check(lengthFits, "%d words for a target of %d (%.0f%% off; 10%% allowed)",
                words, brief.targetLength(), deviation * 100));
        score += lengthFits ? 30 : (int) Math.round(30 * Math.max(0, 1 - deviation * 2));

        boolean keyword = body.toLowerCase(Locale.ROOT).contains(brief.keyword().toLowerCase(Locale.ROOT));
        checks.put("keyword_present", check(keyword, "\"%s\" %s", brief.keyword(), keyword ? "is used" : "is missing"));
        score += keyword ? 25 : 0;

        long headings = HEADING.matcher(content.markdown()).results().count();
        boolean structured = headings >= 3;
        checks.put("headings", check(structured, "%d section headings (3 or more wanted)", headings));
        score += structured ? 20 : (int) (headings * 5);

        long sentences = Math.max(1, SENTENCE_END.matcher(body).results().count());
        double perSentence = words / (double) sentences;
        boolean readable = perSentence >= 8 && perSentence <= 25;
        checks.put("readability", check(readable, "%.1f words a sentence (8 to 25 wanted)", perSentence));
        score += readable ? 25 : 10;

        return new Article(content.title(), content.markdown(), words, excerpt(body), slug(content.title()),
                Math.min(100, score), checks);
    }

    private static Map<String, Object> check(boolean passed, String format, Object... values) {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("passed", passed);
        check.put("detail", String.format(Locale.ROOT, format, values));
        return check;
    }

    static int countWords(CharSequence text) {
        return (int) WORD.matcher(text).results().count();
    }

    /** The text a reader reads: no title line, no markdown marks. */
    static String plainBody(String markdown) {
        StringBuilder body = new StringBuilder();
        for (String line : markdown.split("\n")) {
            if (line.startsWith("# ")) {
                continue;
            }
            String text = line.replaceFirst("^#{2,6} ", "").replaceFirst("^\\s*([-*]|\\d+\\.)\\s+", "")
                    .replaceAll("[*_`>]", "").trim();
            if (!text.isEmpty()) {
                body.append(text).append(line.startsWith("#") ? ". " : " ");
            }
        }
        return body.toString().trim();
    }

    /** About 160 characters of the body, cut at a word. */
    static String excerpt(String body) {
        String firstParagraphs = body.replaceAll("\\s+", " ");
        if (firstParagraphs.length() <= EXCERPT_LENGTH) {
            return firstParagraphs;
        }
        int cut = firstParagraphs.lastIndexOf(' ', EXCERPT_LENGTH - 1);
        return firstParagraphs.substring(0, cut > 80 ? cut : EXCERPT_LENGTH - 1).replaceAll("[\\s,;:.]+$", "") + "…";
    }

    static String slug(String title) {
        String ascii = Normalizer.normalize(title, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        if (slug.length() > 80) {
            slug = slug.substring(0, 80).replaceAll("-[^-]*$", "");
        }
        return slug.isEmpty() ? "post" : slug;
    }
}
