package com.gladlabs.cofounder.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * With tracing turned on, a request yields an HTTP server span and, in the same trace, the
 * reactive PostgreSQL client's database spans. (Off by default: TracingConfigFactoryTest.)
 */
@QuarkusTest
@TestProfile(TracingTest.TracingOn.class)
class TracingTest {

    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // An endpoint turns tracing on, as in production; nothing listens there, the spans are
            // read from the in-memory exporter below.
            return Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:9",
                    "quarkus.otel.bsp.schedule.delay", "PT0.1S");
        }
    }

    @ApplicationScoped
    static class InMemorySpans {
        @Produces
        @Singleton
        InMemorySpanExporter exporter() {
            return InMemorySpanExporter.create();
        }
    }

    @Inject
    InMemorySpanExporter spans;

    @Test
    void aRequestIsTracedWithItsDatabaseSpans() {
        spans.reset();
        String id = given().contentType(ContentType.JSON).body("{\"title\":\"traced\"}").post("/api/tasks")
                .then().statusCode(201).extract().path("id");
        given().get("/api/tasks/" + id).then().statusCode(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<SpanData> finished = spans.getFinishedSpanItems();
            SpanData server = finished.stream()
                    .filter(s -> s.getKind() == SpanKind.SERVER && s.getName().contains("/api/tasks/{id}")).findFirst()
                    .orElseThrow(() -> new AssertionError("no server span for GET /api/tasks/{id} in " + names(finished)));
            assertThat(finished).as(names(finished).toString()).anyMatch(s -> s.getKind() == SpanKind.CLIENT
                    && s.getTraceId().equals(server.getTraceId())
                    && s.getAttributes().asMap().keySet().stream().anyMatch(k -> k.getKey().startsWith("db.")));
        });
    }

    private static List<String> names(List<SpanData> spans) {
        return spans.stream().map(s -> s.getKind() + " " + s.getName() + " " + s.getAttributes().asMap().keySet()).toList();
    }
}
