package com.gladlabs.cofounder.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.PackagedApp;
import com.gladlabs.cofounder.TasksTable;
import com.gladlabs.cofounder.Tokens;
import com.gladlabs.cofounder.devdb.EmbeddedRedisLauncher;

import io.vertx.core.json.JsonObject;

/**
 * The cache's promise on two instances of the packaged service sharing one database and one Redis (the
 * one QUARKUS_REDIS_HOSTS names, else an embedded one), as two replicas: writers patch and delete tasks
 * through either instance while readers read them through either, in random interleavings; no read ever
 * answers a version older than one already acknowledged to a writer, nor a task whose delete was
 * acknowledged, and most reads are answered from Redis.
 */
class TaskCacheIT {

    private static final Duration LOAD = Duration.ofSeconds(8);
    /** Far beyond any answer on a crowded machine: a request that takes longer is stuck, and fails the test. */
    private static final Duration ANSWER = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void noReadOnEitherReplicaIsOlderThanAnAcknowledgedWrite() throws Exception {
        String hosts = System.getenv("QUARKUS_REDIS_HOSTS");
        if (hosts == null || hosts.isBlank()) {
            int port = EmbeddedRedisLauncher.freePort();
            EmbeddedRedisLauncher.server(Path.of("target/embedded-redis"), port).start();
            hosts = "redis://127.0.0.1:" + port;
        }
        Map<String, String> cache = Map.of("cofounder.cache.enabled", "true", "quarkus.redis.hosts", hosts,
                "cofounder.cache.key-prefix", "it-" + UUID.randomUUID() + ":");
        try (PackagedApp one = PackagedApp.start("task-cache-one-it.log", cache);
                PackagedApp two = PackagedApp.start("task-cache-two-it.log", cache)) {
            TasksTable.get().clear();
            List<PackagedApp> replicas = List.of(one, two);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ids.add(create(replicas.get(i % 2), "task " + i));
            }
            Map<String, Long> acknowledged = new ConcurrentHashMap<>();
            Set<String> deleted = ConcurrentHashMap.newKeySet();
            Set<String> deleting = ConcurrentHashMap.newKeySet(); // sent: a 404 may come before the 204
            ids.forEach(id -> acknowledged.put(id, 0L));
            List<String> violations = new ArrayList<>();
            AtomicInteger reads = new AtomicInteger();
            AtomicInteger writes = new AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService threads = Executors.newFixedThreadPool(10);
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                work.add(threads.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    int operations = 0;
                    while (running.get()) {
                        String id = ids.get(random.nextInt(ids.size()));
                        PackagedApp replica = replicas.get(random.nextInt(2));
                        if (deleted.contains(id)) {
                            continue;
                        }
                        // One delete in a hundred operations, the first at the 20th: a writer that did 20
                        // operations has deleted (a random 1% left a slow run without any delete to check).
                        if (++operations % 100 == 20) {
                            deleting.add(id);
                            int status = send(replica, "DELETE", id, null).statusCode();
                            if (status == 204) {
                                deleted.add(id);
                            }
                            continue;
                        }
                        HttpResponse<String> patched = send(replica, "PATCH", id, "{\"progress\": " + random.nextInt(100) + "}");
                        if (patched.statusCode() == 200) {
                            long version = version(patched);
                            acknowledged.merge(id, version, Math::max);
                            writes.incrementAndGet();
                        } else if (patched.statusCode() != 404) {
                            record(violations, "PATCH " + id + " answered " + patched.statusCode() + " " + patched.body());
                        }
                        pause(random);
                    }
                    return null;
                }));
            }
            for (int r = 0; r < 7; r++) {
                work.add(threads.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (running.get()) {
                        // A small hot set, so that entries are read often between writes.
                        String id = ids.get(random.nextInt(ids.size()));
                        PackagedApp replica = replicas.get(random.nextInt(2));
                        boolean wasDeleted = deleted.contains(id);
                        long floor = acknowledged.get(id);
                        HttpResponse<String> read = send(replica, "GET", id, null);
                        reads.incrementAndGet();
                        if (read.statusCode() == 200) {
                            long version = version(read);
                            if (wasDeleted) {
                                record(violations, "GET " + id + " on " + replica.base() + " answered version " + version
                                        + " after its delete was acknowledged");
                            } else if (version < floor) {
                                record(violations, "GET " + id + " on " + replica.base() + " answered version " + version
                                        + " after version " + floor + " was acknowledged");
                            }
                            JsonObject body = new JsonObject(read.body());
                            if (body.getLong("version") != version || !id.equals(body.getString("id"))) {
                                record(violations, "GET " + id + " body " + read.body() + " does not match ETag " + version);
                            }
                        } else if (read.statusCode() != 404 || !deleting.contains(id)) {
                            record(violations, "GET " + id + " answered " + read.statusCode() + " " + read.body());
                        }
                        pause(random);
                    }
                    return null;
                }));
            }
            Thread.sleep(LOAD.toMillis());
            running.set(false);
            for (Future<?> done : work) {
                done.get(ANSWER.toSeconds() * 2, TimeUnit.SECONDS);
            }
            threads.shutdown();

            assertThat(violations).isEmpty();
            assertThat(writes.get()).isGreaterThan(100);
            assertThat(reads.get()).isGreaterThan(500);
            assertThat(deleted).isNotEmpty();
            double hits = metric(one, "cofounder_cache_hits_total") + metric(two, "cofounder_cache_hits_total");
            assertThat(hits).as("reads answered from Redis").isGreaterThan(reads.get() / 4.0);
            // Redis calls may time out on this crowded machine (two services, the load and Redis on two cores):
            // each such failure starts a new epoch, which costs hits, never correctness.
        }
    }

    private static void pause(ThreadLocalRandom random) throws InterruptedException {
        if (random.nextBoolean()) {
            Thread.sleep(random.nextInt(3));
        }
    }

    private static void record(List<String> violations, String violation) {
        synchronized (violations) {
            violations.add(violation);
        }
    }

    private static long version(HttpResponse<String> response) {
        String etag = response.headers().firstValue("ETag").orElseThrow();
        return Long.parseLong(etag.substring(1, etag.length() - 1));
    }

    private String create(PackagedApp app, String title) throws IOException, InterruptedException {
        HttpResponse<String> created = http.send(Tokens.authorized(app.uri("/api/tasks")).timeout(ANSWER)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"" + title + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        return new JsonObject(created.body()).getString("id");
    }

    private HttpResponse<String> send(PackagedApp app, String method, String id, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = Tokens.authorized(app.uri("/api/tasks/" + id)).timeout(ANSWER);
        if (body != null) {
            request.header("Content-Type", "application/merge-patch+json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new AssertionError(method + " " + id + " on " + app.base() + " had no answer in " + ANSWER.toSeconds() + " s", e);
        }
    }

    private double metric(PackagedApp app, String name) throws IOException, InterruptedException {
        String text = http.send(Tokens.authorized(URI.create(app.base() + "/q/metrics")).timeout(ANSWER).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
