package com.gladlabs.cofounder.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.TasksTable;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;

/** Creates that queue up on one event loop commit together; one refused row fails alone. */
@QuarkusTest
class TaskInsertsTest {

    @Inject
    TaskInserts inserts;

    @Inject
    Vertx vertx;

    final TasksTable table = TasksTable.get();

    @BeforeEach
    void empty() {
        table.clear();
    }

    /** Sends the tasks from one event loop in one go, as requests arriving together do; their outcomes. */
    private List<Future<Void>> insertTogether(Task... tasks) throws Exception {
        return OneTick.together(vertx, inserts::submit, List.of(tasks));
    }

    private static Task task(String title) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Task task = new Task();
        task.id = UUID.randomUUID();
        task.title = title;
        task.type = TaskType.GENERAL;
        task.status = TaskStatus.PENDING;
        task.priority = TaskPriority.NORMAL;
        task.category = "general";
        task.tags = List.of();
        task.assignedAgents = List.of();
        task.createdBy = "test";
        task.metadata = Map.of();
        task.createdAt = now;
        task.updatedAt = now;
        return task;
    }

    private String transactionOf(UUID id) {
        return table.row("SELECT xmin::text AS tx FROM tasks WHERE id = $1", id).getString("tx");
    }

    @Test
    void createsQueuedTogetherCommitInOneTransaction() throws Exception {
        Task first = task("one"), second = task("two"), third = task("three");

        List<Future<Void>> outcomes = insertTogether(first, second, third);

        assertThat(outcomes).allSatisfy(f -> assertThat(f.succeeded()).as(String.valueOf(f.cause())).isTrue());
        assertThat(table.count()).isEqualTo(3);
        String tx = transactionOf(first.id);
        assertThat(transactionOf(second.id)).isEqualTo(tx);
        assertThat(transactionOf(third.id)).isEqualTo(tx);
        // the change feed saw each of them: queued or already sequenced, counted in one statement (one
        // snapshot), since the sequencer moves entries from the queue to the feed meanwhile
        assertThat(table.row("SELECT (SELECT count(*) FROM task_change_queue WHERE task_id IN ($1, $2, $3))"
                + " + (SELECT count(*) FROM task_feed WHERE task_id IN ($1, $2, $3))", first.id, second.id, third.id)
                .getLong(0)).isEqualTo(3);
    }

    @Test
    void aRowTheDatabaseRefusesFailsAloneAndTheOthersCommit() throws Exception {
        Task existing = task("existing");
        assertThat(insertTogether(existing).get(0).succeeded()).isTrue();
        Task before = task("before"), twin = task("same id as existing"), after = task("after");
        twin.id = existing.id;

        List<Future<Void>> outcomes = insertTogether(before, twin, after);

        assertThat(outcomes.get(0).succeeded()).as(String.valueOf(outcomes.get(0).cause())).isTrue();
        assertThat(outcomes.get(2).succeeded()).as(String.valueOf(outcomes.get(2).cause())).isTrue();
        assertThat(outcomes.get(1).failed()).isTrue();
        assertThat(outcomes.get(1).cause()).isInstanceOf(PgException.class);
        assertThat(((PgException) outcomes.get(1).cause()).getSqlState()).isEqualTo("23505");
        assertThat(table.count()).isEqualTo(3);
        assertThat(table.row("SELECT title FROM tasks WHERE id = $1", existing.id).getString("title")).isEqualTo("existing");
        assertThat(table.row("SELECT count(*) FROM tasks WHERE id IN ($1, $2)", before.id, after.id).getLong(0)).isEqualTo(2);
    }

    @Test
    void aCreateOffTheEventLoopIsWrittenAlone() throws Exception {
        Task alone = task("from a worker thread");

        inserts.submit(alone).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(table.row("SELECT title FROM tasks WHERE id = $1", alone.id).getString("title"))
                .isEqualTo("from a worker thread");
    }
}
