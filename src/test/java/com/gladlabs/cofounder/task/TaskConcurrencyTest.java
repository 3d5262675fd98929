package com.gladlabs.cofounder.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gladlabs.cofounder.TasksTable;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Many callers at once, over real connections: nothing lost, nothing doubled, one winner per version. */
@QuarkusTest
class TaskConcurrencyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/api/tasks")
    URI tasks;

    final TasksTable table = TasksTable.get();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void empty() {
        table.clear();
    }

    private List<HttpResponse<String>> all(int count, IntFunction<HttpRequest> request) {
        List<CompletableFuture<HttpResponse<String>>> inFlight = IntStream.range(0, count)
                .mapToObj(i -> http.sendAsync(request.apply(i), HttpResponse.BodyHandlers.ofString()))
                .toList();
        return inFlight.stream().map(CompletableFuture::join).toList();
    }

    private HttpRequest.Builder post(String body) {
        return HttpRequest.newBuilder(tasks).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError(response.body(), e);
        }
    }

    @Test
    void twoHundredConcurrentCreatesAllSucceedAndAreAllListed() {
        List<HttpResponse<String>> responses = all(200, i -> post("{\"title\":\"concurrent " + i + "\"}").build());

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(201));
        Set<String> created = responses.stream().map(r -> json(r).get("id").asText()).collect(Collectors.toSet());
        assertThat(created).hasSize(200);

        Set<String> listed = new HashSet<>();
        String cursor = null;
        do {
            URI page = URI.create(tasks + "?limit=100" + (cursor == null ? "" : "&cursor=" + cursor));
            JsonNode body = json(http.sendAsync(HttpRequest.newBuilder(page).build(),
                    HttpResponse.BodyHandlers.ofString()).join());
            assertThat(body.get("total").asLong()).isEqualTo(200);
            body.get("tasks").forEach(t -> listed.add(t.get("id").asText()));
            cursor = body.get("next_cursor").isNull() ? null : body.get("next_cursor").asText();
        } while (cursor != null);
        assertThat(listed).isEqualTo(created);
        assertThat(table.count()).isEqualTo(200);
    }

    @Test
    void twentyConcurrentRetriesWithOneIdempotencyKeyMakeOneRow() {
        List<HttpResponse<String>> responses = all(20,
                i -> post("{\"title\":\"retry " + i + "\"}").header("Idempotency-Key", "checkout-7").build());

        Map<Integer, Long> statuses = responses.stream()
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        assertThat(statuses).containsOnlyKeys(200, 201).containsEntry(201, 1L).containsEntry(200, 19L);
        Set<String> ids = responses.stream().map(r -> json(r).get("id").asText()).collect(Collectors.toSet());
        assertThat(ids).hasSize(1);
        assertThat(responses.stream().filter(r -> r.statusCode() == 200))
                .allSatisfy(r -> assertThat(r.headers().firstValue("Idempotent-Replayed")).hasValue("true"));
        assertThat(table.count()).isEqualTo(1);
    }

    @Test
    void twentyConcurrentPatchesWithTheSameIfMatchHaveExactlyOneWinner() {
        String id = TaskApi.create();
        URI task = URI.create(tasks + "/" + id);
        List<HttpResponse<String>> responses = all(20, i -> HttpRequest.newBuilder(task)
                .header("Content-Type", "application/merge-patch+json").header("If-Match", "\"0\"")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"title\":\"writer " + i + "\"}")).build());

        List<Integer> statuses = new ArrayList<>(responses.stream().map(HttpResponse::statusCode).toList());
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 412).hasSize(19);
        String winner = responses.stream().filter(r -> r.statusCode() == 200).map(r -> json(r).get("title").asText())
                .findFirst().orElseThrow();
        var row = table.row("SELECT title, version FROM tasks");
        assertThat(row.getLong("version")).isEqualTo(1);
        assertThat(row.getString("title")).isEqualTo(winner);
    }

    @Test
    void concurrentUnconditionalPatchesEachAddOneVersion() {
        String id = TaskApi.create();
        URI task = URI.create(tasks + "/" + id);
        List<HttpResponse<String>> responses = all(20, i -> HttpRequest.newBuilder(task)
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"title\":\"writer " + i + "\"}")).build());

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(200));
        Set<Long> versions = responses.stream().map(r -> json(r).get("version").asLong()).collect(Collectors.toSet());
        assertThat(versions).containsExactlyInAnyOrderElementsOf(
                IntStream.rangeClosed(1, 20).mapToObj(Long::valueOf).toList());
        assertThat(table.row("SELECT version FROM tasks").getLong("version")).isEqualTo(20);
    }
}
