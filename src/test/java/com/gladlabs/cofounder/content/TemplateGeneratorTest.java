package com.gladlabs.cofounder.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The template generator's promises, measured the way the worker measures every generator. */
class TemplateGeneratorTest {

    private final TemplateGenerator generator = new TemplateGenerator();

    @ParameterizedTest(name = "{0}/{1}/{2} words")
    @CsvSource({
            "technical, professional, 200", "narrative, casual, 750", "listicle, academic, 1500",
            "educational, inspirational, 3000", "thought-leadership, professional, 5000", "technical, casual, 1234" })
    void contentHasTheShapeLengthAndKeywordAskedFor(String style, String tone, int length) {
        ContentBrief brief = new ContentBrief("blog_post", "reactive services", "event loop", style, tone, length,
                "engineering", List.of());
        GeneratedContent content = generator.write(brief);
        Article article = Article.measure(brief, content);

        assertThat(content.markdown()).startsWith("# ").contains("\n## ").contains("## Conclusion");
        assertThat(content.markdown().lines().filter(l -> l.startsWith("## ")).count()).isGreaterThanOrEqualTo(4);
        assertThat(Math.abs(article.wordCount() - length)).isLessThanOrEqualTo(length / 10);
        assertThat(content.markdown().toLowerCase()).contains("event loop");
        assertThat(article.excerpt().length()).isBetween(100, 161);
        assertThat(article.slug()).matches("[a-z0-9]+(-[a-z0-9]+)*");
        assertThat(article.checks()).containsOnlyKeys("length_fit", "keyword_present", "headings", "readability");
        assertThat(article.qualityScore()).isEqualTo(100);
    }

    @ParameterizedTest
    @CsvSource({ "technical, professional", "listicle, casual" })
    void sameBriefGivesTheSameText(String style, String tone) {
        ContentBrief brief = new ContentBrief("email", "quarterly results", null, style, tone, 600, null, List.of());
        assertThat(generator.write(brief)).isEqualTo(generator.write(brief));
        ContentBrief other = new ContentBrief("email", "quarterly results", null, style, "academic", 600, null, List.of());
        assertThat(generator.write(other).markdown()).isNotEqualTo(generator.write(brief).markdown());
    }

    @ParameterizedTest
    @CsvSource({ "1000, 400", "1000, 1500" })
    void qualityScoreDropsWhenTheLengthDoesNotFit(int target, int written) {
        ContentBrief asked = new ContentBrief("blog_post", "testing", "tests", "technical", "professional", target, null, List.of());
        ContentBrief writtenFor = new ContentBrief("blog_post", "testing", "tests", "technical", "professional", written, null, List.of());
        Article article = Article.measure(asked, generator.write(writtenFor));
        assertThat(article.qualityScore()).isLessThan(100);
        assertThat(article.checks().get("length_fit").toString()).contains("passed=false");
    }
}
