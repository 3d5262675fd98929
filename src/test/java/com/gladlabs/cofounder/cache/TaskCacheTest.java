package com.gladlabs.cofounder.cache;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.TasksTable;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;

/**
 * The task cache on, against a real Redis (embedded, or the one QUARKUS_REDIS_HOSTS names) and the real
 * database: reads are answered from Redis once filled, byte for byte as from PostgreSQL; a write is in
 * Redis before its caller is answered; a fill older than what Redis holds, or of a deleted task, is
 * refused; a change made by plain SQL reaches Redis through the change feed; a new epoch hides every
 * older entry from a replica that still names the old one.
 */
@QuarkusTest
@TestProfile(TaskCacheTest.CacheOn.class)
class TaskCacheTest {

    static final String PREFIX = "test-" + UUID.randomUUID() + ":";

    public static class CacheOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cofounder.cache.enabled", "true", "cofounder.cache.key-prefix", PREFIX);
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    RedisDataSource redis;

    @Inject
    TaskCache cache;

    final TasksTable table = TasksTable.get();

    @BeforeEach
    void trusted() {
        table.clear();
        // A starting replica begins a new epoch before it reads Redis (the class comment says why).
        Awaitility.await().atMost(WAIT).until(() -> redis.value(String.class).get(PREFIX + "epoch") != null);
    }

    /** Leaves nothing behind in a shared Redis (CI's second pass uses the machine's). */
    @AfterAll
    static void clean() {
        RedisDataSource redis = io.quarkus.arc.Arc.container().instance(RedisDataSource.class).get();
        for (String key : redis.key().keys(PREFIX + "*")) {
            redis.key().del(key);
        }
    }

    private static String create(String title) {
        return given().contentType(ContentType.JSON).body("{\"title\":\"" + title + "\"}").post("/api/tasks").then()
                .statusCode(201).extract().path("id");
    }

    private String entry(String id) {
        String epoch = redis.value(String.class).get(PREFIX + "epoch");
        return redis.value(String.class).get(PREFIX + "task:" + epoch + ":" + id);
    }

    private static Response get(String id) {
        return given().get("/api/tasks/" + id);
    }

    private static double metric(String name) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aReadFillsRedisAndTheNextIsAnsweredFromItByteForByte() {
        String id = create("cached");
        assertThat(entry(id)).isNull(); // a create puts nothing: nobody can hold an older version of it

        double hits = metric("cofounder_cache_hits_total");
        Response first = get(id);
        first.then().statusCode(200).header("ETag", "\"0\"");
        assertThat(entry(id)).startsWith("0|B|{").contains("\"title\":\"cached\"");

        Response second = get(id);
        second.then().statusCode(200).header("ETag", "\"0\"").contentType(ContentType.JSON);
        assertThat(second.asString()).isEqualTo(first.asString());
        assertThat(metric("cofounder_cache_hits_total")).isEqualTo(hits + 1);

        // What Redis holds is what PostgreSQL would answer: the same JSON as the uncached path wrote.
        given().header("If-None-Match", "\"0\"").get("/api/tasks/" + id).then().statusCode(304).header("ETag", "\"0\"");
    }

    @Test
    void anEpochStartedElsewhereHidesEveryEntryOfTheOldOne() {
        String id = create("from postgres");
        get(id).then().statusCode(200);
        String old = redis.value(String.class).get(PREFIX + "epoch");
        assertThat(entry(id)).startsWith("0|B|");

        // Another replica starts a new epoch (as TaskCache does when it cannot vouch for the entries); what
        // the old epoch holds is then as stale as can be. Here it even claims a newer version.
        redis.value(String.class).incr(PREFIX + "epoch");
        redis.value(String.class).set(PREFIX + "task:" + old + ":" + id, "99|B|{\"title\":\"stale\"}");

        // This replica still names the old epoch: its read sees the epoch change in the same answer and goes
        // to PostgreSQL, and the fill lands in the new epoch.
        double hits = metric("cofounder_cache_hits_total");
        get(id).then().statusCode(200).header("ETag", "\"0\"").body("title", org.hamcrest.Matchers.is("from postgres"));
        assertThat(metric("cofounder_cache_hits_total")).isEqualTo(hits);
        assertThat(entry(id)).startsWith("0|B|").contains("from postgres");
        get(id).then().statusCode(200).header("ETag", "\"0\"").body("title", org.hamcrest.Matchers.is("from postgres"));
        assertThat(metric("cofounder_cache_hits_total")).isEqualTo(hits + 1);
    }

    @Test
    void aHitIsSentAsTheBytesRedisHoldsWhateverTheTextAndVersion() {
        // Non-ASCII text (two- and three-byte UTF-8) and a version of two digits, as the entry's prefix
        String id = create("caf\\u00e9 \\u6771\\u4eac \\u2713");
        for (int progress = 1; progress <= 12; progress++) {
            given().contentType("application/merge-patch+json").body("{\"progress\": " + progress + "}")
                    .patch("/api/tasks/" + id).then().statusCode(200);
        }
        double hits = metric("cofounder_cache_hits_total");
        Response route = get(id);
        // RESTEasy's writer answers a negotiated Accept (TaskReadRouteTest): the cached JSON through Jackson
        Response resource = given().header("Accept", "application/json, text/plain;q=0.5").get("/api/tasks/" + id);
        assertThat(metric("cofounder_cache_hits_total")).isEqualTo(hits + 2);

        for (Response answer : new Response[] { route, resource }) {
            answer.then().statusCode(200).header("ETag", "\"12\"").contentType(ContentType.JSON)
                    .body("title", org.hamcrest.Matchers.is("caf\u00e9 \u6771\u4eac \u2713"))
                    .body("progress", org.hamcrest.Matchers.is(12));
        }
        byte[] held = entry(id).getBytes(StandardCharsets.UTF_8);
        assertThat(route.asByteArray()).isEqualTo(resource.asByteArray())
                .isEqualTo(java.util.Arrays.copyOfRange(held, "12|B|".length(), held.length));
        assertThat(route.header("Content-Length")).isEqualTo(Integer.toString(route.asByteArray().length));
    }

    @Test
    void anEntryTheWriteScriptDidNotWriteIsNotServedAndTheFillReplacesIt() {
        String id = create("mine");
        get(id).then().statusCode(200);
        String epoch = redis.value(String.class).get(PREFIX + "epoch");
        for (String foreign : new String[] { "{\"title\":\"forged\"}", "7|B", "|B|{\"title\":\"forged\"}", "7B|{}", "" }) {
            redis.value(String.class).set(PREFIX + "task:" + epoch + ":" + id, foreign);
            double hits = metric("cofounder_cache_hits_total");
            get(id).then().statusCode(200).header("ETag", "\"0\"").body("title", org.hamcrest.Matchers.is("mine"));
            assertThat(metric("cofounder_cache_hits_total")).as(foreign).isEqualTo(hits);
            assertThat(entry(id)).as(foreign).startsWith("0|B|").contains("\"title\":\"mine\"");
        }
    }

    @Test
    void aPatchIsInRedisBeforeItsCallerIsAnswered() {
        String id = create("patched");
        get(id).then().statusCode(200); // version 0 filled
        given().contentType("application/merge-patch+json").body("{\"progress\": 40}").patch("/api/tasks/" + id)
                .then().statusCode(200).header("ETag", "\"1\"");
        assertThat(entry(id)).startsWith("1|B|").contains("\"progress\":40");
        get(id).then().statusCode(200).header("ETag", "\"1\"").body("progress", org.hamcrest.Matchers.is(40));
    }

    @Test
    void aFillOlderThanWhatRedisHoldsIsRefused() {
        String id = create("raced");
        UUID taskId = UUID.fromString(id);
        // A reader that found version 0 in PostgreSQL, slower than a writer of version 1.
        TaskCache.Lookup miss = cache.read(taskId).toCompletionStage().toCompletableFuture().join();
        assertThat(miss.state()).isEqualTo(TaskCache.State.MISS);
        String old = get(id).then().statusCode(200).extract().asString();
        given().contentType("application/merge-patch+json").body("{\"progress\": 10}").patch("/api/tasks/" + id)
                .then().statusCode(200).header("ETag", "\"1\"");

        double rejected = metric("cofounder_cache_fills_rejected_total");
        cache.fill(miss, taskId, 0, Buffer.buffer(old)).toCompletionStage().toCompletableFuture().join();
        assertThat(metric("cofounder_cache_fills_rejected_total")).isEqualTo(rejected + 1);
        assertThat(entry(id)).startsWith("1|B|");
        get(id).then().statusCode(200).header("ETag", "\"1\"");
    }

    @Test
    void aDeleteLeavesATombstoneThatALateFillCannotOverwrite() {
        String id = create("deleted");
        UUID taskId = UUID.fromString(id);
        TaskCache.Lookup miss = cache.read(taskId).toCompletionStage().toCompletableFuture().join();
        String before = get(id).then().statusCode(200).extract().asString();
        given().delete("/api/tasks/" + id).then().statusCode(204);
        assertThat(entry(id)).isEqualTo("0|D|");

        cache.fill(miss, taskId, 0, Buffer.buffer(before)).toCompletionStage().toCompletableFuture().join();
        assertThat(entry(id)).isEqualTo("0|D|");
        get(id).then().statusCode(404).contentType("application/problem+json");
        assertThat(table.count()).isZero();
    }

    @Test
    void aChangeMadeByPlainSqlReachesRedisThroughTheFeed() {
        String id = create("outside");
        get(id).then().statusCode(200).header("ETag", "\"0\"");
        assertThat(entry(id)).startsWith("0|B|");

        table.execute("UPDATE tasks SET title = 'changed by hand', version = version + 1 WHERE id = $1", UUID.fromString(id));
        Awaitility.await().atMost(WAIT).until(() -> entry(id) != null && entry(id).startsWith("1|"));
        get(id).then().statusCode(200).header("ETag", "\"1\"").body("title", org.hamcrest.Matchers.is("changed by hand"));
        assertThat(entry(id)).startsWith("1|B|").contains("changed by hand");

        table.execute("DELETE FROM tasks WHERE id = $1", UUID.fromString(id));
        Awaitility.await().atMost(WAIT).until(() -> "1|D|".equals(entry(id)));
        get(id).then().statusCode(404);
    }

    @Test
    void aMissingTaskIsNotCached() {
        String id = UUID.randomUUID().toString();
        get(id).then().statusCode(404).contentType("application/problem+json");
        assertThat(entry(id)).isNull();
    }

    @Test
    void entriesExpire() {
        String id = create("expiring");
        get(id).then().statusCode(200);
        String epoch = redis.value(String.class).get(PREFIX + "epoch");
        long ttl = redis.key().pttl(PREFIX + "task:" + epoch + ":" + id);
        assertThat(ttl).isBetween(Duration.ofMinutes(9).toMillis(), Duration.ofMinutes(10).toMillis());
        assertThat(redis.key().pttl(PREFIX + "epoch")).isEqualTo(-1); // never evicted by volatile-lru
    }
}
