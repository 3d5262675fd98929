package com.gladlabs.cofounder.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.TasksTable;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;

/**
 * The feed's retention window, shortened to a second: a client resuming from a position the feed
 * no longer holds is told to re-read its state (SSE {@code event: reset}, a WebSocket message of
 * the same meaning), and under sustained writes the feed keeps the window and no more, while
 * writers never wait for the trimming.
 */
@QuarkusTest
@TestProfile(FeedRetentionTest.OneSecondRetention.class)
class FeedRetentionTest {

    static final Duration RETENTION = Duration.ofSeconds(1);
    static final Duration TRIM_INTERVAL = Duration.ofMillis(200);
    static final Duration VACUUM_INTERVAL = Duration.ofMillis(250);

    public static class OneSecondRetention implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cofounder.events.retention", RETENTION.toMillis() + "ms",
                    "cofounder.events.trim-interval", TRIM_INTERVAL.toMillis() + "ms",
                    "cofounder.events.trim-batch-size", "100",
                    "cofounder.events.vacuum-interval", VACUUM_INTERVAL.toMillis() + "ms");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/api/tasks/events")
    URI events;

    @TestHTTPResource("/api/ws/tasks")
    URI socket;

    final TasksTable table = TasksTable.get();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void empty() {
        table.clear();
    }

    private static String create(String title) {
        return given().contentType(ContentType.JSON).body("{\"title\":\"" + title + "\"}").post("/api/tasks").then()
                .statusCode(201).extract().path("id");
    }

    @Test
    void resumingFromAPositionPastTheRetentionWindowGetsAResetThenLiveEvents() throws Exception {
        SseClient first = SseClient.open(http, events).awaitSubscribed();
        create("seen");
        SseClient.Event seen = first.next(WAIT);
        first.close();
        create("missed, then trimmed");
        Awaitility.await("the change after the client's position is trimmed").atMost(WAIT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> table.row("SELECT count(*) FROM task_feed WHERE position <= $1", seen.position() + 1)
                        .getLong(0) == 0);

        SseClient again = SseClient.open(http, events, seen.id()).awaitSubscribed();
        try {
            SseClient.Event reset = again.next(WAIT);
            assertThat(reset.name()).isEqualTo("reset");
            JsonObject data = new JsonObject(reset.data());
            assertThat(data.getLong("position")).isEqualTo(reset.position()).isGreaterThanOrEqualTo(seen.position() + 1);
            assertThat(data.getString("reason")).contains("no longer kept");
            String id = create("after the reset");
            SseClient.Event next = again.next(WAIT);
            assertThat(new JsonObject(next.data()).getString("id")).isEqualTo(id);
            assertThat(next.position()).isEqualTo(reset.position() + 1);
        } finally {
            again.close();
        }

        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(socket.toString().replaceFirst("^http", "ws")),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        messages.add(data.toString());
                        webSocket.request(1);
                        return null;
                    }
                }).join();
        ws.sendText("{\"subscribe\": {\"resume_from\": " + seen.id() + "}}", true).join();
        JsonObject message;
        do {
            String text = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(text).as("a WebSocket message").isNotNull();
            message = new JsonObject(text);
        } while (!"reset".equals(message.getString("event")));
        assertThat(message.getString("reason")).contains("no longer kept");
        assertThat(message.getLong("position")).isGreaterThanOrEqualTo(seen.position() + 2);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    /**
     * One sample of the feed, all from one snapshot: its clock, its entries and the newest one, the
     * changes waiting to be sequenced, and the sessions waiting for a lock.
     */
    private record Sample(double at, long rows, long first, long last, double lastAt, long queued, long lockWaits) {
    }

    @Test
    void underSustainedWritesTheFeedKeepsTheWindowAndNoMoreAndWritersNeverWait() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong written = new AtomicLong();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.submit(() -> {
                try {
                    for (int n = 0; writing.get(); n++) {
                        String id = java.util.UUID.randomUUID().toString();
                        table.execute("INSERT INTO tasks (id, title) VALUES ($1::uuid, $2)", id, "w" + writer + "-" + n);
                        table.execute("UPDATE tasks SET progress = progress + 1, version = version + 1, updated_at = now() "
                                + "WHERE id = $1::uuid", id);
                        written.addAndGet(2);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
        }
        long start = System.currentTimeMillis();
        List<Sample> samples = new ArrayList<>();
        while (System.currentTimeMillis() - start < 8_000) {
            Row row = table.row("""
                    SELECT extract(epoch FROM now())::float8 AS at, count(*) AS n,
                           coalesce(min(position), 0) AS first, coalesce(max(position), 0) AS last,
                           (SELECT extract(epoch FROM sequenced_at)::float8 FROM task_feed ORDER BY position DESC LIMIT 1) AS last_at,
                           (SELECT count(*) FROM task_change_queue) AS queued,
                           (SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event <> 'extend') AS waits
                    FROM task_feed""");
            Double lastAt = row.getDouble("last_at");
            samples.add(new Sample(row.getDouble("at"), row.getLong("n"), row.getLong("first"), row.getLong("last"),
                    lastAt == null ? 0 : lastAt, row.getLong("queued"), row.getLong("waits")));
            Thread.sleep(200);
        }
        writing.set(false);
        writers.shutdown();
        assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).isEmpty();

        long maxRows = samples.stream().mapToLong(Sample::rows).max().orElseThrow();
        System.out.printf("Feed under %d changes in 8 s: at most %d entries kept; queue at most %d%n", written.get(),
                maxRows, samples.stream().mapToLong(Sample::queued).max().orElseThrow());
        assertThat(written.get()).as("changes written").isGreaterThan(2_000);
        assertThat(maxRows).as("entries kept at most").isLessThan(written.get() / 3);
        double retention = RETENTION.toMillis() / 1000.0;
        double slack = (TRIM_INTERVAL.toMillis() + 1_500) / 1000.0;
        for (Sample sample : samples) {
            assertThat(sample.lockWaits()).as("sessions waiting for a lock").isZero();
            assertThat(sample.queued()).as("changes waiting to be sequenced").isLessThan(5_000);
            if (sample.rows() > 0) {
                assertThat(sample.last() - sample.first() + 1).as("no hole in the feed").isEqualTo(sample.rows());
            }
            // Each earlier sample's newest entry is a marker: gone only once older than the window,
            // and gone at the latest one trim interval (and some scheduling slack) after that.
            for (Sample earlier : samples) {
                if (earlier.at() >= sample.at() || earlier.last() == 0) {
                    continue;
                }
                boolean trimmed = sample.rows() == 0 || earlier.last() < sample.first();
                double age = sample.at() - earlier.lastAt();
                if (trimmed) {
                    assertThat(age).as("age of position %d when found trimmed", earlier.last()).isGreaterThan(retention);
                } else if (age > retention + slack) {
                    throw new AssertionError("position " + earlier.last() + " still kept at the age of " + age + " s");
                }
            }
        }
        Awaitility.await("the feed empties once writes stop").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> table.row("SELECT count(*) FROM task_feed").getLong(0) == 0);
        assertThat(table.row("SELECT position FROM task_feed_head").getLong(0))
                .as("positions go on from where they were, never reused").isGreaterThanOrEqualTo(written.get());
    }

    /**
     * With autovacuum off for the feed's tables (as on a server that runs without it), rounds of
     * changes leave the queue and the feed no larger than the first round made them: the service's
     * own vacuum frees what the sequencer and the trimmer deleted, and later rows reuse it. Without
     * it each round would add its rows' pages to both files.
     */
    /**
     * A bulk change by plain SQL, arriving when the sequencer's statements were planned on an empty
     * queue (its statistics written by the service's own vacuum, autovacuum off): V4's plan sorted the
     * whole queue again for each of its rows, 20,000 changes took minutes to reach the feed.
     */
    @Test
    void aBulkChangeOfTwentyThousandRowsReachesTheFeedInSeconds() throws Exception {
        int tasks = 20_000;
        table.execute("ALTER TABLE task_change_queue SET (autovacuum_enabled = false)");
        try {
            Awaitility.await("queue empty").atMost(WAIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> table.row("SELECT count(*) FROM task_change_queue").getLong(0) == 0);
            // The service vacuums the empty queue and the sequencer passes over it many times meanwhile.
            Thread.sleep(VACUUM_INTERVAL.toMillis() * 4);
            long head = table.row("SELECT position FROM task_feed_head").getLong(0);
            long start = System.nanoTime();
            table.execute("INSERT INTO tasks (id, title) SELECT gen_random_uuid(), 'bulk ' || g FROM generate_series(1, "
                    + tasks + ") g");
            Awaitility.await("20,000 changes sequenced").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> table.row("SELECT position FROM task_feed_head").getLong(0) == head + tasks);
            System.out.printf("%d changes by one statement sequenced %d ms after it began%n", tasks,
                    (System.nanoTime() - start) / 1_000_000);
            assertThat(table.row("SELECT count(*) FROM task_change_queue").getLong(0)).isZero();
        } finally {
            table.execute("ALTER TABLE task_change_queue RESET (autovacuum_enabled)");
        }
    }

    @Test
    void withAutovacuumOffTheQueueAndTheFeedReuseTheSpaceOfDeletedRows() throws Exception {
        int tasks = 2_000;
        table.execute("ALTER TABLE task_change_queue SET (autovacuum_enabled = false)");
        table.execute("ALTER TABLE task_feed SET (autovacuum_enabled = false)");
        try {
            table.execute("INSERT INTO tasks (id, title) SELECT gen_random_uuid(), 'bulk ' || g FROM generate_series(1, "
                    + tasks + ") g");
            long[] first = null;
            long[] last = null;
            for (int round = 0; round < 5; round++) {
                table.execute("UPDATE tasks SET progress = (progress + 1) % 100, version = version + 1, updated_at = now()");
                Awaitility.await("round " + round + " sequenced and trimmed").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                        .until(() -> table.row("SELECT (SELECT count(*) FROM task_change_queue) + (SELECT count(*) FROM task_feed)")
                                .getLong(0) == 0);
                // The vacuum after the last trim: at most one interval away (a pause, not a measurement).
                Thread.sleep(VACUUM_INTERVAL.toMillis() * 4);
                Row sizes = table.row("SELECT pg_relation_size('task_change_queue'), pg_relation_size('task_feed')");
                last = new long[] { sizes.getLong(0), sizes.getLong(1) };
                if (first == null) {
                    first = last;
                }
            }
            System.out.printf("Queue %d then %d bytes, feed %d then %d bytes after 5 rounds of %d changes%n", first[0],
                    last[0], first[1], last[1], tasks);
            assertThat(first[0]).as("queue after one round").isGreaterThan(8192 * 4);
            assertThat(first[1]).as("feed after one round").isGreaterThan(8192 * 4);
            assertThat(last[0]).as("queue after five rounds, in bytes").isLessThanOrEqualTo(first[0] * 3 / 2);
            assertThat(last[1]).as("feed after five rounds, in bytes").isLessThanOrEqualTo(first[1] * 3 / 2);
        } finally {
            table.execute("ALTER TABLE task_change_queue RESET (autovacuum_enabled)");
            table.execute("ALTER TABLE task_feed RESET (autovacuum_enabled)");
        }
    }
}
