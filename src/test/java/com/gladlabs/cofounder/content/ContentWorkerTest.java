package com.gladlabs.cofounder.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.TasksTable;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;

/**
 * Workers built by hand over the real queue and database (the service's own worker is off in
 * tests), so that several independent workers, crashes and failing generators can be staged.
 */
@QuarkusTest
class ContentWorkerTest {

    final TasksTable table = TasksTable.get();

    @Inject
    ContentQueue queue;

    @Inject
    Vertx vertx;

    @Inject
    TemplateGenerator template;

    private final List<ContentWorker> workers = new ArrayList<>();

    @BeforeEach
    void empty() {
        table.clear();
    }

    @AfterEach
    void stopWorkers() {
        workers.forEach(w -> w.stop().await().atMost(Duration.ofSeconds(30)));
    }

    private ContentWorker worker(ContentGenerator generator, int concurrency, Duration lease, int maxAttempts) {
        ContentWorker worker = new ContentWorker(queue, generator,
                new ContentWorker.Settings(concurrency, Duration.ofMillis(100), lease, maxAttempts, Duration.ofSeconds(2), 70),
                vertx);
        workers.add(worker);
        return worker;
    }

    private void seedContentTasks(int count) {
        table.execute("""
                INSERT INTO tasks (id, title, topic, type, target_length, created_at)
                SELECT gen_random_uuid(), 'Topic ' || i, 'Topic ' || i, 'blog_post', 200, now() - make_interval(secs => $1 - i)
                FROM generate_series(1, $1) AS i""", count);
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) {
        Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
    }

    private long countWhere(String condition) {
        return table.row("SELECT count(*) AS n FROM tasks WHERE " + condition).getLong("n");
    }

    /** A generator written inline by a test: a name and what it does with a brief. */
    private static ContentGenerator generator(String name,
            BiFunction<ContentBrief, IntFunction<Uni<Void>>, Uni<GeneratedContent>> generate) {
        return new ContentGenerator() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Uni<GeneratedContent> generate(ContentBrief brief, IntFunction<Uni<Void>> progress) {
                return generate.apply(brief, progress);
            }
        };
    }

    /** Counts generations per task and otherwise writes as the template generator does. */
    private static final class CountingGenerator implements ContentGenerator {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        private final TemplateGenerator delegate;

        CountingGenerator(TemplateGenerator delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public Uni<GeneratedContent> generate(ContentBrief brief, IntFunction<Uni<Void>> progress) {
            calls.computeIfAbsent(brief.topic(), k -> new AtomicInteger()).incrementAndGet();
            return delegate.generate(brief, progress);
        }
    }

    @Test
    void twoHundredTasksClaimedByTwoIndependentWorkersAreEachProcessedExactlyOnce() {
        seedContentTasks(200);
        CountingGenerator generator = new CountingGenerator(template);
        worker(generator, 4, Duration.ofMinutes(5), 3).start();
        worker(generator, 4, Duration.ofMinutes(5), 3).start();

        await("all 200 are completed", Duration.ofSeconds(90), () -> countWhere("status = 'completed'") == 200);

        assertThat(generator.calls).hasSize(200);
        assertThat(generator.calls.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(countWhere("attempts = 1 AND progress = 100 AND approval_status = 'awaiting_approval' AND jsonb_typeof(result) = 'object'"
                + " AND content IS NOT NULL AND slug IS NOT NULL AND quality_score IS NOT NULL")).isEqualTo(200);
        assertThat(table.row("SELECT count(DISTINCT slug) AS n FROM tasks").getLong("n")).isEqualTo(200);
    }

    @Test
    void higherPriorityIsClaimedFirstThenOlder() {
        table.execute("""
                INSERT INTO tasks (id, title, topic, type, priority, created_at) VALUES
                (gen_random_uuid(), 'old low', 'old low', 'email', 'low', now() - interval '3 hours'),
                (gen_random_uuid(), 'new urgent', 'new urgent', 'email', 'urgent', now()),
                (gen_random_uuid(), 'old normal', 'old normal', 'email', 'normal', now() - interval '2 hours'),
                (gen_random_uuid(), 'older normal', 'older normal', 'email', 'normal', now() - interval '4 hours'),
                (gen_random_uuid(), 'general urgent', 'general urgent', 'general', 'urgent', now())""");
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queue.claim(1).await().indefinitely().forEach(t -> order.add(t.brief().topic()));
        }
        assertThat(order).containsExactly("new urgent", "older normal", "old normal", "old low");
        assertThat(countWhere("status = 'in_progress' AND attempts = 1 AND started_at IS NOT NULL")).isEqualTo(4);
        assertThat(countWhere("type = 'general' AND status = 'pending'")).isEqualTo(1);
    }

    @Test
    void taskWhoseLeaseExpiredGoesBackToPendingOrFailsAfterMaxAttempts() {
        table.execute("""
                INSERT INTO tasks (id, title, topic, type, status, attempts, started_at, updated_at, target_length) VALUES
                (gen_random_uuid(), 'orphan', 'Orphaned task', 'blog_post', 'in_progress', 1, now() - interval '1 hour', now() - interval '10 minutes', 200),
                (gen_random_uuid(), 'worn out', 'Worn out task', 'blog_post', 'in_progress', 3, now() - interval '1 hour', now() - interval '10 minutes', 200),
                (gen_random_uuid(), 'alive', 'Live task', 'blog_post', 'in_progress', 1, now(), now(), 200)""");

        int recovered = queue.recoverExpired(Duration.ofMinutes(5), 3).await().indefinitely();

        assertThat(recovered).isEqualTo(2);
        var orphan = table.row("SELECT status, error_message FROM tasks WHERE title = 'orphan'");
        assertThat(orphan.getString("status")).isEqualTo("pending");
        assertThat(orphan.getString("error_message")).contains("lease");
        var wornOut = table.row("SELECT status, error_message, completed_at FROM tasks WHERE title = 'worn out'");
        assertThat(wornOut.getString("status")).isEqualTo("failed");
        assertThat(wornOut.getString("error_message")).contains("after 3 attempts").contains("lease");
        assertThat(wornOut.getValue("completed_at")).isNotNull();
        assertThat(table.row("SELECT status FROM tasks WHERE title = 'alive'").getString("status")).isEqualTo("in_progress");

        // A worker recovers the orphan by itself and completes it.
        worker(template, 2, Duration.ofMinutes(5), 3).start();
        await("the orphan is completed", Duration.ofSeconds(30),
                () -> "completed".equals(table.row("SELECT status FROM tasks WHERE title = 'orphan'").getString("status")));
        var done = table.row("SELECT attempts, error_message FROM tasks WHERE title = 'orphan'");
        assertThat(done.getInteger("attempts")).isEqualTo(2);
        assertThat(done.getString("error_message")).isNull();
    }

    /**
     * Another transaction is writing one of two orphans (a patch, say) and has not committed: the sweep
     * takes back the other at once instead of waiting for that lock while holding its own (which could
     * deadlock with a batch of patches), and a sweep after the commit takes back the one passed over.
     */
    @Test
    void recoveryPassesOverAnOrphanAnotherTransactionIsWritingAndTakesItBackLater() throws Exception {
        table.execute("""
                INSERT INTO tasks (id, title, topic, type, status, attempts, started_at, updated_at, target_length) VALUES
                (gen_random_uuid(), 'held', 'Held orphan', 'blog_post', 'in_progress', 1, now() - interval '1 hour', now() - interval '10 minutes', 200),
                (gen_random_uuid(), 'free', 'Free orphan', 'blog_post', 'in_progress', 1, now() - interval '1 hour', now() - interval '10 minutes', 200)""");
        try (Connection other = table.connection()) {
            other.setAutoCommit(false);
            try (Statement statement = other.createStatement()) {
                assertThat(statement.executeUpdate("UPDATE tasks SET description = 'edited', version = version + 1 WHERE title = 'held'"))
                        .isEqualTo(1);
            }

            int recovered = queue.recoverExpired(Duration.ofMinutes(5), 3).await().atMost(Duration.ofSeconds(5));

            assertThat(recovered).isEqualTo(1);
            assertThat(table.row("SELECT status FROM tasks WHERE title = 'free'").getString("status")).isEqualTo("pending");
            assertThat(table.row("SELECT status FROM tasks WHERE title = 'held'").getString("status")).isEqualTo("in_progress");
            other.commit();
        }

        assertThat(queue.recoverExpired(Duration.ofMinutes(5), 3).await().atMost(Duration.ofSeconds(5))).isEqualTo(1);
        var held = table.row("SELECT status, description, version, error_message FROM tasks WHERE title = 'held'");
        assertThat(held.getString("status")).isEqualTo("pending");
        assertThat(held.getString("description")).isEqualTo("edited"); // the other writer's change is kept
        assertThat(held.getLong("version")).isEqualTo(2L); // moved once by the other writer, once by the sweep
        assertThat(held.getString("error_message")).contains("lease");
    }

    @Test
    void workerRecoversOrphansOnItsOwnAfterTheLease() {
        seedContentTasks(1);
        table.execute("UPDATE tasks SET status = 'in_progress', attempts = 1, started_at = now(), updated_at = now() - interval '5 seconds'");
        worker(template, 1, Duration.ofSeconds(2), 3).start();
        await("the orphan is completed", Duration.ofSeconds(30), () -> countWhere("status = 'completed'") == 1);
        assertThat(table.row("SELECT attempts FROM tasks").getInteger("attempts")).isEqualTo(2);
    }

    @Test
    void generatorThatKeepsFailingEndsFailedAfterMaxAttemptsWithItsReason() {
        seedContentTasks(1);
        AtomicInteger calls = new AtomicInteger();
        ContentGenerator broken = generator("broken", (brief, progress) -> {
            calls.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("model refused the prompt"));
        });
        worker(broken, 1, Duration.ofMinutes(5), 3).start();
        await("the task has failed", Duration.ofSeconds(30), () -> countWhere("status = 'failed'") == 1);
        var row = table.row("SELECT attempts, error_message, completed_at, approval_status FROM tasks");
        assertThat(row.getInteger("attempts")).isEqualTo(3);
        assertThat(row.getString("error_message")).contains("model refused the prompt");
        assertThat(row.getValue("completed_at")).isNotNull();
        assertThat(row.getString("approval_status")).isNull();
        // and stays at three: a failed task is not generated again
        Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> calls.get() == 3);
    }

    @Test
    void progressIsStoredWhileGenerating() {
        seedContentTasks(1);
        ContentGenerator halfway = generator("halfway", (brief, progress) -> progress.apply(50).chain(() -> Uni.createFrom().nothing()));
        worker(halfway, 1, Duration.ofMinutes(5), 3).start();
        await("progress 50 is stored", Duration.ofSeconds(30), () -> countWhere("progress = 50 AND status = 'in_progress'") == 1);
    }

    @Test
    void stoppingWorkerReleasesWhatItHolds() {
        seedContentTasks(2);
        ContentGenerator endless = generator("endless", (brief, progress) -> Uni.createFrom().nothing());
        ContentWorker worker = worker(endless, 2, Duration.ofMinutes(5), 3);
        worker.start();
        await("both are claimed", Duration.ofSeconds(30), () -> countWhere("status = 'in_progress'") == 2);

        worker.stop().await().atMost(Duration.ofSeconds(10));

        assertThat(countWhere("status = 'pending' AND progress = 0")).isEqualTo(2);
        // Another worker takes them at once, not after the lease.
        worker(template, 2, Duration.ofMinutes(5), 3).start();
        await("both are completed", Duration.ofSeconds(30), () -> countWhere("status = 'completed'") == 2);
    }

    @Test
    void lateWriteFromAWorkerThatLostItsLeaseIsIgnored() {
        seedContentTasks(1);
        ClaimedTask first = queue.claim(1).await().indefinitely().get(0);
        table.execute("UPDATE tasks SET updated_at = now() - interval '1 hour'");
        queue.recoverExpired(Duration.ofMinutes(5), 3).await().indefinitely();
        ClaimedTask second = queue.claim(1).await().indefinitely().get(0);
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.attempt()).isEqualTo(2);

        GeneratedContent content = template.write(first.brief());
        Article article = Article.measure(first.brief(), content);
        boolean stored = queue.complete(first, article, Map.of("tags", List.of("x")), "awaiting_approval")
                .await().indefinitely();

        assertThat(stored).isFalse();
        assertThat(table.row("SELECT status, content FROM tasks").getString("status")).isEqualTo("in_progress");
        assertThat(queue.fail(first, "late", 3).await().indefinitely()).isNull();
        assertThat(UUID.fromString(table.row("SELECT id::text AS id FROM tasks").getString("id"))).isEqualTo(first.id());
    }
}
