package com.gladlabs.cofounder.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.TasksTable;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;

/** When every pooled connection is busy, a caller waits at most the acquire timeout, then gets 503. */
@QuarkusTest
@TestProfile(PoolExhaustionTest.OneConnection.class)
class PoolExhaustionTest {

    public static class OneConnection implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.max-size", "1", "cofounder.db.acquire-timeout", "500ms");
        }
    }

    @Inject
    Pool pool;

    @Test
    void exhaustedPoolAnswers503AfterTheAcquireTimeoutThenRecovers() {
        given().get("/api/tasks").then().statusCode(200);
        SqlConnection held = pool.getConnection().await().indefinitely();
        try {
            long start = System.nanoTime();
            given().get("/api/tasks").then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", notNullValue()).body("status", equalTo(503));
            double seconds = (System.nanoTime() - start) / 1_000_000_000.0;
            assertThat(seconds).isBetween(0.4, 5.0);
        } finally {
            held.close().await().indefinitely();
        }
        given().get("/api/tasks").then().statusCode(200);
    }

    /**
     * Reads by id and creates wait for each other in batches (TaskReads, TaskInserts) rather than for
     * the pool: one whose batch cannot be sent within the acquire timeout gets the same 503, whether
     * the pool is held or the batches before it are stuck on a locked table.
     */
    @Test
    void readsAndCreatesQueuedBehindStuckBatchesAnswer503WithinTheAcquireTimeout() throws Exception {
        TasksTable table = TasksTable.get();
        UUID id = UUID.randomUUID();
        table.execute("INSERT INTO tasks (id, title) VALUES ($1, 'locked away')", id);
        given().get("/api/tasks/" + id).then().statusCode(200);

        SqlConnection held = pool.getConnection().await().indefinitely();
        try {
            long start = System.nanoTime();
            given().get("/api/tasks/" + id).then().statusCode(503).header("Retry-After", notNullValue());
            given().contentType("application/json").body("{\"title\":\"no room\"}").post("/api/tasks").then().statusCode(503);
            assertThat((System.nanoTime() - start) / 1e9).isBetween(0.8, 5.0);
        } finally {
            held.close().await().indefinitely();
        }

        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(12);
        try (java.sql.Connection lock = table.connection()) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE");
            long start = System.nanoTime();
            List<CompletableFuture<long[]>> reads = IntStream.range(0, 12).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                int status = given().get("/api/tasks/" + id).statusCode();
                return new long[] { status, (System.nanoTime() - start) / 1_000_000 };
            }, callers)).toList();
            Thread.sleep(3_000);
            lock.rollback();
            List<long[]> answers = reads.stream().map(CompletableFuture::join).toList();

            assertThat(answers).allSatisfy(a -> assertThat(a[0]).isIn(200L, 503L));
            assertThat(answers).filteredOn(a -> a[0] == 503).isNotEmpty()
                    .allSatisfy(a -> assertThat(a[1]).as("ms to a 503").isLessThan(2_900));
        } finally {
            callers.shutdownNow();
        }
        given().get("/api/tasks/" + id).then().statusCode(200);
    }
}
