package com.gladlabs.cofounder.common.heap;

import static com.gladlabs.cofounder.common.web.GateFixtures.lockRow;
import static com.gladlabs.cofounder.common.web.GateFixtures.metric;
import static com.gladlabs.cofounder.common.web.GateFixtures.task;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * The idle collection in the running service ({@code after=400ms}, {@code min-growth=16M}): an old
 * generation that grew is collected once the API is idle, never while a request is in flight, and not
 * again while it has not grown since; each collection is a real one ({@link JvmHeap#collect}), counted
 * by the JVM's collectors and by the service's metric. The old generation's growth is the test's own reading
 * ({@link IdleCollection#use}): the JVM's own collections (G1's concurrent cycles, a first metaspace
 * collection) move the real reading at moments no test controls. {@link IdleRuleTest} has the rule;
 * {@link JvmHeapTest} the real readings. A PATCH waiting for a row another transaction locked is the
 * request in flight.
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

    /**
     * Growth the test sets, and only the collections made through it counted (the JVM's own, from the
     * test's polling, would only delay the rule); the collection itself is the real one.
     */
    static final class Readings implements Heap {
        final AtomicLong growth = new AtomicLong();
        final AtomicInteger collected = new AtomicInteger();
        /** The JVM's collection count before and after each collection made through this, in order. */
        final List<long[]> counted = new CopyOnWriteArrayList<>();
        private final JvmHeap jvm = new JvmHeap();

        @Override
        public boolean readable() {
            return true;
        }

        @Override
        public long collections() {
            return collected.get();
        }

        @Override
        public long oldGenerationGrowth() {
            return growth.get();
        }

        @Override
        public void collect() {
            long before = jvm.collections();
            jvm.collect();
            counted.add(new long[] { before, jvm.collections() });
            growth.set(0); // what a full collection leaves: only what is live
            collected.incrementAndGet();
        }
    }

    @Inject
    IdleCollection idleCollection;

    private final ExecutorService callers = Executors.newFixedThreadPool(2);
    private final Readings readings = new Readings();

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @Test
    void anOldGenerationThatGrewIsCollectedWhenTheApiFallsIdleOnceAndNeverWhileARequestIsInFlight() throws Exception {
        idleCollection.use(readings);
        UUID held = task("held by a lock while the heap grows");
        CompletableFuture<Response> patch;
        double before;
        try (Connection lock = lockRow(held)) {
            patch = CompletableFuture.supplyAsync(() -> given().contentType("application/json")
                    .body("{\"status\":\"in_progress\"}").patch("/api/tasks/" + held), callers);
            await().atMost(Duration.ofSeconds(10)).until(() -> metric("cofounder_http_requests_in_flight") == 1);
            before = metric(COLLECTIONS);
            readings.growth.set(48 * MIB);

            // Five times `after` with the PATCH in flight: no idle collection.
            TimeUnit.MILLISECONDS.sleep(2_000);
            assertThat(readings.collected).as("collections while a request was in flight").hasValue(0);
            assertThat(metric(COLLECTIONS)).isEqualTo(before);
            lock.rollback();
        }
        assertThat(patch.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        // Idle now: one collection, a real one.
        await().atMost(Duration.ofSeconds(10)).until(() -> readings.collected.get() > 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> metric(COLLECTIONS) == before + 1);
        assertThat(readings.counted).hasSize(1);
        assertThat(readings.counted.get(0)[1]).as("the JVM's collections after it, against before").isGreaterThan(readings.counted.get(0)[0]);

        // Still idle and nothing grew since: no second collection.
        TimeUnit.MILLISECONDS.sleep(2_000);
        assertThat(readings.collected).as("collections while idle with nothing new").hasValue(1);

        // Grown by less than the minimum: still none; by the minimum: one more.
        readings.growth.set(16 * MIB - 1);
        TimeUnit.MILLISECONDS.sleep(2_000);
        assertThat(readings.collected).as("collections with less than min-growth").hasValue(1);
        readings.growth.set(16 * MIB);
        await().atMost(Duration.ofSeconds(10)).until(() -> readings.collected.get() == 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> metric(COLLECTIONS) == before + 2);
    }
}
