package com.gladlabs.cofounder.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
import com.gladlabs.cofounder.Tokens;
import com.gladlabs.cofounder.contract.ContractGuard;

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
        // Every answer is checked against the OpenAPI document (the JDK client keeps no request body).
        return inFlight.stream().map(CompletableFuture::join).map(r -> ContractGuard.checked(r, null)).toList();
    }

    private HttpRequest.Builder post(String body) {
        return Tokens.authorized(tasks).timeout(Duration.ofSeconds(60))
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
            JsonNode body = json(ContractGuard.checked(http.sendAsync(Tokens.authorized(page).build(),
                    HttpResponse.BodyHandlers.ofString()).join(), null));
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
        List<HttpResponse<String>> responses = all(20, i -> Tokens.authorized(task)
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
        List<HttpResponse<String>> responses = all(20, i -> Tokens.authorized(task)
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"title\":\"writer " + i + "\"}")).build());

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(200));
        Set<Long> versions = responses.stream().map(r -> json(r).get("version").asLong()).collect(Collectors.toSet());
        assertThat(versions).containsExactlyInAnyOrderElementsOf(
                IntStream.rangeClosed(1, 20).mapToObj(Long::valueOf).toList());
        assertThat(table.row("SELECT version FROM tasks").getLong("version")).isEqualTo(20);
    }

    /**
     * Another writer commits between a patch's read and its write: the patch's versioned UPDATE waits on
     * that writer's row lock, then matches nothing, and the patch is made again on the version that writer
     * left. Nothing the other writer changed is lost; the patch gets the next version.
     */
    @Test
    void aWriteBetweenAPatchsReadAndItsUpdateIsKeptAndThePatchAppliedOnTop() throws Exception {
        String id = TaskApi.create();
        HttpResponse<String> patched = patchBehindAnotherWriter(id, null, "{\"progress\": 40}");

        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        JsonNode body = json(patched);
        assertThat(body.get("title").asText()).isEqualTo("the other writer's");
        assertThat(body.get("progress").asInt()).isEqualTo(40);
        assertThat(body.get("version").asLong()).isEqualTo(2);
        var row = table.row("SELECT title, progress, version FROM tasks WHERE id = $1::uuid", id);
        assertThat(row.getString("title")).isEqualTo("the other writer's");
        assertThat(row.getInteger("progress")).isEqualTo(40);
        assertThat(row.getLong("version")).isEqualTo(2);
    }

    /** The same race with If-Match naming the version the patch read: 412, and the other writer's row stays. */
    @Test
    void aWriteBetweenAPatchsReadAndItsUpdateFailsItsIfMatch() throws Exception {
        String id = TaskApi.create();
        HttpResponse<String> patched = patchBehindAnotherWriter(id, "\"0\"", "{\"progress\": 40}");

        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(412);
        assertThat(json(patched).get("detail").asText()).contains("\"1\"");
        var row = table.row("SELECT title, progress, version FROM tasks WHERE id = $1::uuid", id);
        assertThat(row.getString("title")).isEqualTo("the other writer's");
        assertThat(row.getInteger("progress")).isEqualTo(0);
        assertThat(row.getLong("version")).isEqualTo(1);
    }

    /**
     * A PATCH sent while another transaction has changed the task (title and version) and not committed:
     * the patch reads the committed row and its write waits on the other's row lock, which commits then.
     */
    private HttpResponse<String> patchBehindAnotherWriter(String id, String ifMatch, String patch) throws Exception {
        try (Connection other = table.connection()) {
            other.setAutoCommit(false);
            try (PreparedStatement update = other.prepareStatement(
                    "UPDATE tasks SET title = 'the other writer''s', version = version + 1 WHERE id = ?::uuid")) {
                update.setString(1, id);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
            HttpRequest.Builder request = Tokens.authorized(URI.create(tasks + "/" + id)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/merge-patch+json");
            if (ifMatch != null) {
                request.header("If-Match", ifMatch);
            }
            CompletableFuture<HttpResponse<String>> sent = http.sendAsync(
                    request.method("PATCH", HttpRequest.BodyPublishers.ofString(patch)).build(),
                    HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(10)).until(() -> table.row("SELECT count(*) AS n FROM pg_stat_activity "
                    + "WHERE datname = current_database() AND wait_event_type = 'Lock'").getLong("n") == 1);
            other.commit();
            return ContractGuard.checked(sent.join(), null);
        }
    }

    /**
     * Deletes in flight together with each other and with patches of the same tasks: every one is answered
     * (Hibernate Reactive's delete once left some waiting forever, their transactions open and their rows
     * locked, hibernate-reactive#1713), a 204 leaves no row, a 412 leaves the row a patch moved on.
     */
    @Test
    void concurrentDeletesAndPatchesAreAllAnsweredAndLeaveNoLockedRow() {
        List<String> ids = IntStream.range(0, 40).mapToObj(i -> TaskApi.create()).toList();
        int operations = 200;
        List<HttpResponse<String>> responses = all(operations, i -> {
            HttpRequest.Builder request = Tokens.authorized(URI.create(tasks + "/" + ids.get(i % 40)))
                    .timeout(Duration.ofSeconds(30));
            return switch (i / 40) {
                case 0 -> request.DELETE().build();
                case 1 -> request.header("If-Match", "\"0\"").DELETE().build(); // the second delete: 404 or 412 or 204
                default -> request.header("Content-Type", "application/merge-patch+json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"progress\":" + i % 100 + "}")).build();
            };
        });

        Set<String> deleted = new HashSet<>();
        for (int i = 0; i < operations; i++) {
            HttpResponse<String> r = responses.get(i);
            String id = ids.get(i % 40);
            List<Integer> allowed = i < 40 ? List.of(204, 404, 503) : i < 80 ? List.of(204, 404, 412, 503) : List.of(200, 404, 503);
            assertThat(r.statusCode()).as("operation %d on %s: %s", i, id, r.body()).isIn(allowed);
            if (r.statusCode() == 204) {
                assertThat(deleted.add(id)).as("two deletes of %s answered 204", id).isTrue();
            }
        }
        for (String id : ids) {
            long rows = table.row("SELECT count(*) AS n FROM tasks WHERE id = $1::uuid", id).getLong("n");
            assertThat(rows).as("rows of %s", id).isEqualTo(deleted.contains(id) ? 0 : 1);
        }
        // Nothing waits on a row lock now: every task left can be patched at once.
        for (String id : ids) {
            if (!deleted.contains(id)) {
                TaskApi.patch(id, "{\"progress\": 100}").statusCode(200);
            }
        }
    }

    /**
     * A thousand operations at once: keyed and unkeyed creates, conditional and unconditional
     * patches, reads. Afterwards every acknowledged write is there exactly once, versions rose by
     * one per successful update, no two If-Match writers won the same version, no Idempotency-Key
     * made two rows, and /stats counts the rows that are there.
     */
    @Test
    void aThousandConcurrentMixedOperationsKeepEveryInvariant() {
        List<String> ids = IntStream.range(0, 20).mapToObj(i -> TaskApi.create()).toList();
        int operations = 1000;
        List<HttpResponse<String>> responses = all(operations, i -> switch (i % 10) {
            case 0, 1 -> post("{\"title\":\"keyed " + i + "\"}").header("Idempotency-Key", idempotencyKey(i)).build();
            case 2 -> post("{\"title\":\"unkeyed " + i + "\"}").build();
            case 3, 4, 5 -> Tokens.authorized(URI.create(tasks + "/" + ids.get(i % 20))).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/merge-patch+json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"title\":\"free " + i + "\"}")).build();
            case 6, 7 -> Tokens.authorized(URI.create(tasks + "/" + ids.get(i % 20))).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/merge-patch+json").header("If-Match", "\"" + ifMatch(i) + "\"")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"title\":\"conditional " + i + "\"}")).build();
            case 8 -> Tokens.authorized(URI.create(tasks + "/" + ids.get(i % 20))).timeout(Duration.ofSeconds(60)).build();
            default -> Tokens.authorized(URI.create(tasks + "?limit=5")).timeout(Duration.ofSeconds(60)).build();
        });

        Map<String, List<Long>> versionsByTask = new java.util.HashMap<>();
        Map<String, Integer> winnersByVersion = new java.util.HashMap<>();
        Map<String, Set<String>> rowsByKey = new java.util.HashMap<>();
        Set<String> unkeyed = new HashSet<>();
        int busy = 0;
        for (int i = 0; i < operations; i++) {
            HttpResponse<String> r = responses.get(i);
            int kind = i % 10;
            if (r.statusCode() == 503) {
                // A slow machine may not free a pooled connection within the acquire timeout for every
                // one of a thousand callers: that answer says "not done, retry", and must have done nothing.
                assertThat(r.headers().firstValue("Retry-After")).as("operation %d", i).isPresent();
                busy++;
                continue;
            }
            assertThat(r.statusCode()).as("operation %d: %s", i, r.body()).isIn(
                    kind == 6 || kind == 7 ? List.of(200, 412) : kind <= 1 ? List.of(200, 201) : kind == 2 ? List.of(201) : List.of(200));
            if (r.statusCode() == 412) {
                continue;
            }
            JsonNode body = json(r);
            switch (kind) {
                case 0, 1 -> rowsByKey.computeIfAbsent(idempotencyKey(i), k -> new HashSet<>()).add(body.get("id").asText());
                case 2 -> unkeyed.add(body.get("id").asText());
                case 3, 4, 5, 6, 7 -> {
                    String id = ids.get(i % 20);
                    versionsByTask.computeIfAbsent(id, k -> new ArrayList<>()).add(body.get("version").asLong());
                    if (kind >= 6) {
                        assertThat(body.get("version").asLong()).isEqualTo(ifMatch(i) + 1);
                        winnersByVersion.merge(id + "@" + ifMatch(i), 1, Integer::sum);
                    }
                }
                default -> {
                }
            }
        }
        // Versions: exactly one per successful update, each new version given to one writer only.
        for (String id : ids) {
            List<Long> versions = versionsByTask.getOrDefault(id, List.of());
            long stored = table.row("SELECT version FROM tasks WHERE id = $1::uuid", id).getLong("version");
            assertThat(stored).as("version of %s", id).isEqualTo(versions.size());
            assertThat(versions).as("versions answered for %s", id).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, versions.size()).mapToObj(Long::valueOf).toList());
        }
        assertThat(winnersByVersion.values()).as("If-Match winners per (task, version)").allMatch(n -> n == 1);
        // Idempotency: one row per key, the one every answer named.
        System.out.printf("1,000 concurrent operations: %d answered 503 (no pooled connection within the acquire timeout)%n", busy);
        assertThat(busy).as("operations answered 503 for want of a pooled connection").isLessThan(operations / 2);
        assertThat(rowsByKey).isNotEmpty().allSatisfy((key, rows) -> assertThat(rows).as(key).hasSize(1));
        for (var key : rowsByKey.entrySet()) {
            assertThat(table.rows("SELECT id::text FROM tasks WHERE idempotency_key = $1", key.getKey()))
                    .extracting(row -> row.getString(0)).containsExactlyElementsOf(key.getValue());
        }
        // Nothing lost, nothing doubled.
        assertThat(unkeyed).isNotEmpty();
        assertThat(table.count()).isEqualTo(20 + rowsByKey.size() + unkeyed.size());
        for (String id : unkeyed) {
            assertThat(table.row("SELECT count(*) FROM tasks WHERE id = $1::uuid", id).getLong(0)).isEqualTo(1);
        }
        // /stats counts what is there.
        JsonNode stats = json(ContractGuard.checked(http.sendAsync(Tokens.authorized(URI.create(tasks + "/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).join(), null));
        assertThat(stats.get("total").asLong()).isEqualTo(table.count());
        for (var row : table.rows("SELECT status, count(*) FROM tasks GROUP BY status")) {
            assertThat(stats.get("by_status").get(row.getString(0)).asLong()).as(row.getString(0)).isEqualTo(row.getLong(1));
        }
    }

    /** One of 50 keys, each sent by four concurrent creates. */
    private static String idempotencyKey(int operation) {
        return "key-" + (((operation / 10) % 25) * 2 + operation % 10);
    }

    /** The version a conditional writer expects: several writers share each (task, version). */
    private static long ifMatch(int operation) {
        return (operation / 20) % 4;
    }
}
