package com.gladlabs.cofounder.common.web;

import static com.gladlabs.cofounder.common.web.GateFixtures.lockRow;
import static com.gladlabs.cofounder.common.web.GateFixtures.metric;
import static com.gladlabs.cofounder.common.web.GateFixtures.task;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.TasksTable;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * With {@code cofounder.http.max-in-flight=1}: a second API request waits until the first ends, then
 * is served whole (its body included); probes and metrics never wait; event streams hold no turn;
 * a caller who leaves while waiting gives its turn back and is counted in the HTTP metrics under the
 * gate's {@code /api/*}, never its own path, while one that waited is counted under its endpoint. The first
 * request is held in flight by a PATCH waiting for a row another transaction locked.
 */
@QuarkusTest
@TestProfile(AdmissionGateTest.OneAtATime.class)
class AdmissionGateTest {

    public static class OneAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cofounder.http.max-in-flight", "1");
        }
    }

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private final ExecutorService callers = Executors.newFixedThreadPool(24);
    private final TasksTable table = TasksTable.get();

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @Test
    void aRequestBeyondTheLimitWaitsForTheOneInFlightAndIsThenServed() throws Exception {
        UUID held = task("held by a lock");
        UUID other = task("read while waiting");
        CompletableFuture<Response> read;
        CompletableFuture<Response> patch;
        try (Connection lock = lockRow(held)) {
            patch = patchAsync(held);
            await().atMost(Duration.ofSeconds(10)).until(() -> metric("cofounder_http_requests_in_flight") == 1);

            read = CompletableFuture.supplyAsync(() -> given().get("/api/tasks/" + other), callers);
            await().atMost(Duration.ofSeconds(10)).until(() -> metric("cofounder_http_requests_waiting") == 1);
            Thread.sleep(300);
            assertThat(read).as("the read waits while the patch is in flight").isNotDone();
            // Probes and metrics are outside the gate.
            given().get("/q/health/ready").then().statusCode(200);
            lock.rollback();
        }
        patch.get(10, TimeUnit.SECONDS).then().statusCode(200).body("status", equalTo("in_progress"));
        read.get(10, TimeUnit.SECONDS).then().statusCode(200).body("id", equalTo(other.toString()))
                .body("title", equalTo("read while waiting"));
        awaitIdle();
        // Counted under its endpoint, as a read that did not wait.
        String metrics = given().get("/q/metrics").asString();
        assertThat(metrics).doesNotContain(other.toString())
                .doesNotContainPattern("http_server_requests_seconds_count\\{[^}]*status=\"200\"[^}]*uri=\"/api/\\*\"")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"GET\"[^}]*status=\"200\"[^}]*uri=\"/api/tasks/\\{id\\}\"");
    }

    @Test
    void requestsThatWaitKeepTheirBodies() throws Exception {
        List<CompletableFuture<Response>> creates = IntStream.range(0, 20)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> given().contentType("application/json")
                        .body("{\"title\":\"gate " + i + "\",\"description\":\"" + "x".repeat(2_000 + i) + "\"}")
                        .post("/api/tasks"), callers))
                .toList();
        for (int i = 0; i < creates.size(); i++) {
            Response created = creates.get(i).get(30, TimeUnit.SECONDS);
            created.then().statusCode(201).body("title", equalTo("gate " + i));
            assertThat(created.jsonPath().getString("description")).hasSize(2_000 + i);
        }
        assertThat(table.row("SELECT count(*) AS n FROM tasks WHERE title LIKE 'gate %'").getLong("n")).isEqualTo(20);
        awaitIdle();
    }

    @Test
    void aCallerWhoLeavesWhileWaitingGivesItsTurnBack() throws Exception {
        UUID held = task("held by a lock");
        CompletableFuture<Response> patch;
        try (Connection lock = lockRow(held)) {
            patch = patchAsync(held);
            await().atMost(Duration.ofSeconds(10)).until(() -> metric("cofounder_http_requests_in_flight") == 1);
            try (Socket socket = new Socket("localhost", port)) {
                OutputStream out = socket.getOutputStream();
                out.write(("GET /api/tasks/" + held + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                await().atMost(Duration.ofSeconds(10)).until(() -> metric("cofounder_http_requests_waiting") == 1);
            }
            lock.rollback();
        }
        patch.get(10, TimeUnit.SECONDS).then().statusCode(200);
        awaitIdle();
        given().get("/api/tasks/" + held).then().statusCode(200).body("status", equalTo("in_progress"));
        // Counted as a reset under the gate's template, never under its own path (one series per task id).
        String metrics = given().get("/q/metrics").asString();
        assertThat(metrics).doesNotContain("uri=\"/api/tasks/" + held + "\"")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"RESET\"[^}]*uri=\"/api/\\*\"");
    }

    @Test
    void anOpenEventStreamHoldsNoTurn() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> stream = http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/tasks/events"))
                        .header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        HttpResponse<java.util.stream.Stream<String>> open = stream.get(10, TimeUnit.SECONDS);
        try {
            assertThat(open.statusCode()).isEqualTo(200);
            UUID id = task("read beside a stream");
            given().get("/api/tasks/" + id).then().statusCode(200);
            assertThat(metric("cofounder_http_requests_in_flight")).isZero();
        } finally {
            open.body().close();
        }
    }

    @Test
    void streamsAndWebSocketsAreNotCounted() {
        assertThat(AdmissionGate.longLived("/api/tasks/events")).isTrue();
        assertThat(AdmissionGate.longLived("/api/ws/tasks")).isTrue();
        assertThat(AdmissionGate.longLived("/api/tasks/eventsx")).isFalse();
        assertThat(AdmissionGate.longLived("/api/tasks/" + UUID.randomUUID())).isFalse();
    }

    private CompletableFuture<Response> patchAsync(UUID id) {
        return CompletableFuture.supplyAsync(() -> given().contentType("application/json")
                .body("{\"status\":\"in_progress\"}").patch("/api/tasks/" + id), callers);
    }

    private void awaitIdle() {
        await().atMost(Duration.ofSeconds(10)).until(() -> metric("cofounder_http_requests_in_flight") == 0
                && metric("cofounder_http_requests_waiting") == 0);
    }
}
