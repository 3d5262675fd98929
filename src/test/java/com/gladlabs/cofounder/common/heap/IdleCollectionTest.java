package com.gladlabs.cofounder.common.heap;

import static com.gladlabs.cofounder.common.web.GateFixtures.lockRow;
import static com.gladlabs.cofounder.common.web.GateFixtures.metric;
import static com.gladlabs.cofounder.common.web.GateFixtures.task;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.MemoryPoolMXBean;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * With {@code after=400ms} and {@code min-growth=16M}: an old generation that grew is collected once
 * the API is idle, never while a request is in flight, and not again while it has not grown since.
 * The growth is 48 MiB of arrays this test holds. It runs in a JVM of its own (the pom's
 * {@code serial-collector} execution) with deploy/'s serial collector, which allocates them in the old
 * generation at once ({@code -XX:PretenureSizeThreshold=1m}) and reclaims that generation only in full
 * collections, so that nothing but the idle collection moves its growth. A PATCH waiting for a row
 * another transaction locked is the request in flight.
 */
@QuarkusTest
@TestProfile(IdleCollectionTest.Quick.class)
class IdleCollectionTest {

    public static class Quick implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cofounder.heap.idle-collection.enabled", "true",
                    "cofounder.heap.idle-collection.after", "400ms",
                    "cofounder.heap.idle-collection.min-growth", "16M");
        }
    }

    private static final String COLLECTIONS = "cofounder_heap_idle_collection_seconds_count";
    private static final long MIB = 1024 * 1024;
    private final ExecutorService callers = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @Test
    void anOldGenerationThatGrewIsCollectedWhenTheApiFallsIdleOnceAndNeverWhileARequestIsInFlight() throws Exception {
        MemoryPoolMXBean old = IdleCollection.oldGeneration();
        assertThat(old).as("the old generation's pool").isNotNull();
        assertThat(old.getName()).as("run by the pom's serial-collector execution").isEqualTo("Tenured Gen");
        // Start from an old generation the idle collection has nothing to do with.
        await().atMost(Duration.ofSeconds(20)).until(() -> IdleCollection.growth(old) < 8 * MIB);

        UUID held = task("held by a lock while the heap grows");
        byte[][] grown = new byte[6][];
        CompletableFuture<Response> patch;
        double before;
        try (Connection lock = lockRow(held)) {
            patch = CompletableFuture.supplyAsync(() -> given().contentType("application/json")
                    .body("{\"status\":\"in_progress\"}").patch("/api/tasks/" + held), callers);
            await().atMost(Duration.ofSeconds(10)).until(() -> metric("cofounder_http_requests_in_flight") == 1);
            before = metric(COLLECTIONS);

            for (int i = 0; i < grown.length; i++) {
                grown[i] = new byte[(int) (8 * MIB)];
                grown[i][i] = 1;
            }
            assertThat(IdleCollection.growth(old)).as("old generation grown by the arrays").isGreaterThanOrEqualTo(32 * MIB);

            // Five times `after` with the PATCH in flight: no idle collection, the growth still there.
            TimeUnit.MILLISECONDS.sleep(2_000);
            assertThat(metric(COLLECTIONS)).as("collections while a request was in flight").isEqualTo(before);
            assertThat(IdleCollection.growth(old)).isGreaterThanOrEqualTo(32 * MIB);
            lock.rollback();
        }
        assertThat(patch.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        // Idle now: one collection, after which the old generation holds only what is live.
        await().atMost(Duration.ofSeconds(10)).until(() -> metric(COLLECTIONS) > before);
        assertThat(IdleCollection.growth(old)).as("growth left after the idle collection").isLessThan(16 * MIB);

        // Still idle, and the old generation has not grown by the minimum since: no second collection.
        double after = metric(COLLECTIONS);
        TimeUnit.MILLISECONDS.sleep(2_000);
        assertThat(metric(COLLECTIONS)).as("collections while idle with nothing new").isEqualTo(after);
        assertThat(after).isEqualTo(before + 1);
        assertThat(grown[5][5]).isEqualTo((byte) 1); // held to the end: the arrays are live, not garbage
    }
}
