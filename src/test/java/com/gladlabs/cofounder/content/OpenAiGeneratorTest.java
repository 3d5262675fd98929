package com.gladlabs.cofounder.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.TasksTable;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableBean;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The openai generator against a local stub: each way the endpoint can behave ends in the right task state. */
@QuarkusTest
@TestProfile(OpenAiGeneratorTest.StubbedOpenAi.class)
class OpenAiGeneratorTest {

    private static final String FT = "com.gladlabs.cofounder.content.OpenAiGenerator/complete/";

    public static class StubbedOpenAi implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "cofounder.content.generator", "openai",
                    "cofounder.content.openai.api-key", "sk-test-secret",
                    "cofounder.content.openai.model", "stub-model",
                    FT + "Timeout/value", "400",
                    FT + "Timeout/unit", "MILLIS",
                    FT + "Retry/delay", "10",
                    FT + "Retry/jitter", "0",
                    FT + "Retry/maxRetries", "1");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OpenAiStub.class));
        }
    }

    final TasksTable table = TasksTable.get();

    @Inject
    ContentQueue queue;

    @Inject
    OpenAiGenerator openai;

    @Inject
    WorkerLifecycle lifecycle;

    @Inject
    Vertx vertx;

    @Inject
    CircuitBreakerMaintenance breakers;

    private ContentWorker worker;

    @BeforeEach
    void empty() {
        breakers.resetAll(); // each case starts with a closed breaker
        table.clear();
        table.execute("INSERT INTO tasks (id, title, topic, type, primary_keyword, target_length) "
                + "VALUES (gen_random_uuid(), 'Stubbed', 'Stubbed generation', 'blog_post', 'observability', 200)");
    }

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.stop().await().atMost(Duration.ofSeconds(10));
        }
    }

    private void run(OpenAiStub.Mode mode) {
        OpenAiStub.reset(mode);
        worker = new ContentWorker(queue, openai,
                new ContentWorker.Settings(1, Duration.ofMillis(100), Duration.ofMinutes(5), 2, Duration.ofSeconds(2), 70),
                vertx);
        worker.start();
        Awaitility.await("the task finishes").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> table.row("SELECT status FROM tasks").getString("status"), s -> s.equals("completed") || s.equals("failed"));
    }

    @Test
    void theConfiguredGeneratorIsOpenAi() {
        assertThat(lifecycle.generator().name()).isEqualTo("openai");
    }

    /** Picking the configured generator makes no other (ContentPipelineTest checks the default case). */
    @Test
    void theTemplateGeneratorIsNotMadeWhereOpenAiGenerates() {
        assertThat(lifecycle.generator()).isNotNull();
        var made = Arc.container().getActiveContext(ApplicationScoped.class).getState().getContextualInstances()
                .keySet().stream().map(InjectableBean::getBeanClass).toList();
        assertThat(made).as("application-scoped beans made so far").contains(OpenAiGenerator.class)
                .doesNotContain(TemplateGenerator.class);
    }

    @Test
    void successfulAnswerCompletesTheTaskWithTheModelsContent() {
        run(OpenAiStub.Mode.OK);
        var row = table.row("SELECT status, content, slug, quality_score, result->>'generator' AS generator, "
                + "result->>'model_used' AS model, attempts FROM tasks");
        assertThat(row.getString("status")).isEqualTo("completed");
        assertThat(row.getString("content")).startsWith("# A stubbed article about observability");
        assertThat(row.getString("slug")).isEqualTo("a-stubbed-article-about-observability");
        assertThat(row.getString("generator")).isEqualTo("openai");
        assertThat(row.getString("model")).isEqualTo("stub-model-1");
        assertThat(row.getInteger("quality_score")).isGreaterThanOrEqualTo(70);
        assertThat(row.getInteger("attempts")).isEqualTo(1);
        assertThat(OpenAiStub.authorizations).containsOnly("Bearer sk-test-secret");
        var sent = OpenAiStub.requests.get(0);
        assertThat(sent.getString("model")).isEqualTo("stub-model");
        assertThat(sent.getJsonArray("messages").getJsonObject(1).getString("content"))
                .contains("Stubbed generation").contains("observability").contains("200 words");
    }

    @Test
    void rateLimitedOnceIsRetriedAndCompletes() {
        run(OpenAiStub.Mode.TOO_MANY_REQUESTS_ONCE);
        assertThat(table.row("SELECT status, attempts FROM tasks").getString("status")).isEqualTo("completed");
        assertThat(table.row("SELECT attempts FROM tasks").getInteger("attempts")).isEqualTo(1);
        assertThat(OpenAiStub.calls.get()).isEqualTo(2);
    }

    @Test
    void answersSlowerThanTheTimeoutFailTheTaskAfterMaxAttempts() {
        run(OpenAiStub.Mode.SLOW);
        var row = table.row("SELECT status, attempts, error_message FROM tasks");
        assertThat(row.getString("status")).isEqualTo("failed");
        assertThat(row.getInteger("attempts")).isEqualTo(2);
        assertThat(row.getString("error_message")).containsIgnoringCase("timeout").doesNotContain("sk-test-secret");
    }

    @Test
    void serverErrorsFailTheTaskAfterMaxAttemptsWithTheReason() {
        run(OpenAiStub.Mode.SERVER_ERROR);
        var row = table.row("SELECT status, attempts, error_message FROM tasks");
        assertThat(row.getString("status")).isEqualTo("failed");
        assertThat(row.getInteger("attempts")).isEqualTo(2);
        assertThat(row.getString("error_message")).contains("500");
        assertThat(OpenAiStub.calls.get()).isEqualTo(4); // two attempts, each retried once
    }

    @Test
    void circuitBreakerStopsCallingAnEndpointThatKeepsFailing() {
        OpenAiStub.reset(OpenAiStub.Mode.SERVER_ERROR);
        ContentBrief brief = new ContentBrief("blog_post", "Breaker", "breaker", "technical", "professional", 200, null,
                List.of());
        Throwable last = null;
        for (int i = 0; i < 8; i++) {
            try {
                openai.generate(brief, percent -> Uni.createFrom().voidItem()).await().atMost(Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                last = e;
            }
        }
        // 8 generations with one retry each would be 16 calls; the breaker opens after 10 failures.
        assertThat(OpenAiStub.calls.get()).isEqualTo(10);
        assertThat(last).isInstanceOf(CircuitBreakerOpenException.class);
    }

    @Test
    void malformedAnswersFailTheTask() {
        run(OpenAiStub.Mode.MALFORMED);
        var row = table.row("SELECT status, attempts, error_message, content FROM tasks");
        assertThat(row.getString("status")).isEqualTo("failed");
        assertThat(row.getInteger("attempts")).isEqualTo(2);
        assertThat(row.getString("error_message")).isNotBlank();
        assertThat(row.getString("content")).isNull();
    }
}
