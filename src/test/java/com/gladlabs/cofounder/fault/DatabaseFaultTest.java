package com.gladlabs.cofounder.fault;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.EmbeddedServer;
import com.gladlabs.cofounder.TasksTable;
import com.gladlabs.cofounder.content.ContentBrief;
import com.gladlabs.cofounder.content.ContentGenerator;
import com.gladlabs.cofounder.content.ContentQueue;
import com.gladlabs.cofounder.content.ContentWorker;
import com.gladlabs.cofounder.content.GeneratedContent;
import com.gladlabs.cofounder.content.TemplateGenerator;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;

/**
 * The database is stopped under load and started again, with the content worker busy. While it is
 * down every request answers 503 problem+json with Retry-After within the acquire timeout, and
 * readiness is DOWN while liveness stays UP; once it is back the service recovers by itself. Every
 * create and patch acknowledged with a 2xx, before, during or after the fault, is there with
 * exactly its acknowledged values; the worker generated no task twice for one claim, finished
 * every task, and the tasks it held when the fault hit came back through the lease.
 */
@QuarkusTest
class DatabaseFaultTest {

    private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(5); // cofounder.db.acquire-timeout
    private static final Duration LEASE = Duration.ofSeconds(3);

    @TestHTTPResource("/")
    URI base;

    @Inject
    ContentQueue queue;

    @Inject
    Vertx vertx;

    @Inject
    TemplateGenerator template;

    final TasksTable table = TasksTable.get();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final List<ContentWorker> workers = new ArrayList<>();

    /** What a caller was told: the values of its last acknowledged write, and any write left in doubt after it. */
    record Acknowledged(String id, long version, String title, String inDoubtTitle) {
    }

    /** An answer that was not a 2xx. */
    record Refusal(String what, int status, String retryAfter, String contentType, String body, long millis) {
    }

    @AfterEach
    void stopWorkers() {
        workers.forEach(w -> w.stop().await().atMost(Duration.ofSeconds(30)));
    }

    @Test
    void nothingAcknowledgedIsLostAndTheWorkerFinishesEveryTaskOncePerClaim() throws Exception {
        Optional<EmbeddedServer> server = EmbeddedServer.ofTests();
        Assumptions.assumeTrue(server.isPresent(),
                "only the embedded PostgreSQL can be stopped by a test; this run uses an external server");
        table.clear();

        // The worker: two independent instances, a second per generation so that some are in flight when the fault hits.
        Map<String, List<Long>> generations = new ConcurrentHashMap<>();
        ContentGenerator slow = new ContentGenerator() {
            @Override
            public String name() {
                return "slow-template";
            }

            @Override
            public Uni<GeneratedContent> generate(ContentBrief brief, IntFunction<Uni<Void>> progress) {
                generations.computeIfAbsent(brief.topic(), k -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
                return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofSeconds(1))
                        .chain(() -> template.generate(brief, progress));
            }
        };
        for (int i = 0; i < 2; i++) {
            ContentWorker worker = new ContentWorker(queue, slow,
                    new ContentWorker.Settings(2, Duration.ofMillis(200), LEASE, 5, Duration.ofSeconds(2), 70), vertx);
            workers.add(worker);
        }
        Set<String> contentTasks = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 30; i++) {
            contentTasks.add(createContent("before the fault " + i).orElseThrow());
        }
        workers.forEach(ContentWorker::start);

        // Load: writers create a task and patch it again and again; a reader reads; one more creates content tasks.
        AtomicBoolean running = new AtomicBoolean(true);
        Map<String, Acknowledged> acknowledged = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Refusal> refusals = new ConcurrentLinkedQueue<>();
        AtomicInteger successes = new AtomicInteger();
        ExecutorService load = Executors.newFixedThreadPool(8);
        for (int w = 0; w < 6; w++) {
            int writer = w;
            load.submit(() -> writeLoop(writer, running, acknowledged, refusals, successes));
        }
        load.submit(() -> {
            while (running.get()) {
                call("GET", "api/tasks?limit=20&total=false", null, refusals, successes);
                pause(20);
            }
        });
        load.submit(() -> {
            for (int n = 0; running.get(); n++) {
                createContent("during the run " + n).ifPresent(contentTasks::add);
                pause(300);
            }
        });

        pause(2000);
        long stopped = System.nanoTime();
        server.get().stop();
        pause(1000);
        given().get("/q/health/ready").then().statusCode(503);
        given().get("/q/health/live").then().statusCode(200);
        pause(LEASE.toMillis() + 2000); // longer than the lease: what the worker held must come back through it
        server.get().start();
        long restarted = System.nanoTime();
        Awaitility.await("the service answers again").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().get("/api/tasks?limit=1").statusCode() == 200);
        long recoveredMillis = (System.nanoTime() - restarted) / 1_000_000;
        given().get("/q/health/ready").then().statusCode(200);
        pause(3000);
        running.set(false);
        load.shutdown();
        assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        System.out.printf("Database fault: %d acknowledged writes, %d refusals, recovered %d ms after the restart%n",
                successes.get(), refusals.size(), recoveredMillis);

        // While the database was away: 503 problem+json with Retry-After, within the acquire timeout.
        assertThat(refusals).as("some requests met the stopped database").isNotEmpty();
        assertThat(refusals).allSatisfy(r -> {
            assertThat(r.status()).as(r.toString()).isEqualTo(503);
            assertThat(r.retryAfter()).as(r.toString()).isNotNull();
            assertThat(r.contentType()).as(r.toString()).startsWith("application/problem+json");
            assertThat(r.millis()).as(r.toString()).isLessThanOrEqualTo(ACQUIRE_TIMEOUT.toMillis() + 1500);
        });
        assertThat(recoveredMillis).as("recovery after the restart").isLessThan(10_000);
        assertThat(successes.get()).isGreaterThan(50);

        // Nothing acknowledged is lost: each task holds its last acknowledged values (or, if a write after it
        // was left in doubt by the fault, that write's values: the caller was not told either way).
        assertThat(acknowledged).isNotEmpty();
        for (Acknowledged ack : acknowledged.values()) {
            var row = table.row("SELECT version, title FROM tasks WHERE id = $1::uuid", ack.id());
            assertThat(row).as("acknowledged task %s", ack.id()).isNotNull();
            if (row.getLong("version") == ack.version()) {
                assertThat(row.getString("title")).as(ack.toString()).isEqualTo(ack.title());
            } else {
                assertThat(ack.inDoubtTitle()).as("%s is at version %d", ack, row.getLong("version")).isNotNull();
                assertThat(row.getLong("version")).as(ack.toString()).isEqualTo(ack.version() + 1);
                assertThat(row.getString("title")).as(ack.toString()).isEqualTo(ack.inDoubtTitle());
            }
        }

        // The worker finishes every acknowledged content task, one generation per claim.
        Awaitility.await("every content task is generated").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> table.row("SELECT count(*) FROM tasks WHERE id::text = ANY($1) AND status = 'completed'",
                        (Object) contentTasks.toArray(String[]::new)).getLong(0) == contentTasks.size());
        int recoveredByLease = 0;
        for (String id : contentTasks) {
            var row = table.row("SELECT topic, attempts, approval_status, result IS NOT NULL AS has_result FROM tasks WHERE id = $1::uuid", id);
            List<Long> calls = generations.getOrDefault(row.getString("topic"), List.of());
            // Never two generations under one claim (a claim whose answer the fault swallowed may have none).
            assertThat(calls).as("generations of %s", row.getString("topic")).isNotEmpty()
                    .hasSizeLessThanOrEqualTo(row.getInteger("attempts"));
            assertThat(row.getString("approval_status")).isEqualTo("awaiting_approval");
            assertThat(row.getBoolean("has_result")).isTrue();
            if (calls.size() > 1) {
                // A second claim only for a task whose first generation was under way when the database went away.
                assertThat(calls.get(0)).as("first generation of %s", row.getString("topic")).isLessThan(restarted);
                assertThat(calls.get(0)).isGreaterThan(stopped - Duration.ofSeconds(2).toNanos());
                recoveredByLease++;
            }
        }
        assertThat(recoveredByLease).as("tasks held by the worker when the fault hit, recovered by the lease").isPositive();
    }

    private void writeLoop(int writer, AtomicBoolean running, Map<String, Acknowledged> acknowledged,
            ConcurrentLinkedQueue<Refusal> refusals, AtomicInteger successes) {
        int n = 0;
        while (running.get()) {
            String title = "writer " + writer + " task " + n++;
            HttpResponse<String> created = call("POST", "api/tasks", "{\"title\":\"" + title + "\"}", refusals, successes);
            if (created == null || created.statusCode() != 201) {
                continue;
            }
            JsonObject task = new JsonObject(created.body());
            Acknowledged ack = new Acknowledged(task.getString("id"), task.getLong("version"), title, null);
            acknowledged.put(ack.id(), ack);
            for (int p = 0; p < 5 && running.get(); p++) {
                String next = title + " v" + (p + 1);
                HttpResponse<String> patched = call("PATCH", "api/tasks/" + ack.id(), "{\"title\":\"" + next + "\"}", refusals, successes);
                if (patched == null || patched.statusCode() != 200) {
                    acknowledged.put(ack.id(), new Acknowledged(ack.id(), ack.version(), ack.title(), next));
                    break; // in doubt: this caller moves on to a new task
                }
                JsonObject body = new JsonObject(patched.body());
                assertThat(body.getString("title")).isEqualTo(next);
                ack = new Acknowledged(ack.id(), body.getLong("version"), next, null);
                acknowledged.put(ack.id(), ack);
            }
        }
    }

    private HttpResponse<String> call(String method, String path, String body, ConcurrentLinkedQueue<Refusal> refusals,
            AtomicInteger successes) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", method.equals("PATCH") ? "application/merge-patch+json" : "application/json");
        }
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() < 300) {
                successes.incrementAndGet();
            } else {
                refusals.add(new Refusal(method + " " + path, response.statusCode(),
                        response.headers().firstValue("Retry-After").orElse(null),
                        response.headers().firstValue("Content-Type").orElse(""), response.body(),
                        (System.nanoTime() - start) / 1_000_000));
                pause(50);
            }
            return response;
        } catch (Exception e) {
            refusals.add(new Refusal(method + " " + path + " failed: " + e, -1, null, "", "", (System.nanoTime() - start) / 1_000_000));
            return null;
        }
    }

    private Optional<String> createContent(String topic) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("api/content/tasks"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"task_type\":\"blog_post\",\"topic\":\"" + topic
                            + "\",\"target_length\":300}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 201 ? Optional.of(new JsonObject(response.body()).getString("task_id")) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
