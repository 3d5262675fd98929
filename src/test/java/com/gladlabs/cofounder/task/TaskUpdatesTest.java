package com.gladlabs.cofounder.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.TasksTable;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;

/**
 * Reads for a change and versioned updates that queue up on one event loop go together: one statement for
 * the reads, one transaction for the updates; each caller gets its own entity and its own answer.
 */
@QuarkusTest
class TaskUpdatesTest {

    @Inject
    TaskChangeReads reads;

    @Inject
    TaskUpdates updates;

    @Inject
    Vertx vertx;

    final TasksTable table = TasksTable.get();

    @BeforeEach
    void empty() {
        table.clear();
    }

    private <I, O> List<Future<O>> together(Function<I, Future<O>> submit, List<I> items) throws Exception {
        return OneTick.together(vertx, submit, items);
    }

    private List<Task> read(UUID... ids) throws Exception {
        return together(reads::submit, List.of(ids)).stream().map(Future::result).toList();
    }

    private static UUID create(String title) {
        return UUID.fromString(TaskApi.create("{\"title\":\"" + title + "\"}"));
    }

    private String transactionOf(UUID id) {
        return table.row("SELECT xmin::text AS tx FROM tasks WHERE id = $1", id).getString("tx");
    }

    private String titleOf(UUID id) {
        return table.row("SELECT title FROM tasks WHERE id = $1", id).getString("title");
    }

    private long versionOf(UUID id) {
        return table.row("SELECT version FROM tasks WHERE id = $1", id).getLong("version");
    }

    @Test
    void readsQueuedTogetherGiveEachCallerItsOwnEntity() throws Exception {
        UUID first = create("one"), second = create("two"), missing = UUID.randomUUID();

        List<Task> found = read(first, second, first, missing);

        assertThat(found.get(0).id).isEqualTo(first);
        assertThat(found.get(0).title).isEqualTo("one");
        assertThat(found.get(1).title).isEqualTo("two");
        assertThat(found.get(2)).isNotSameAs(found.get(0)); // two callers of one task change their own copies
        assertThat(found.get(2).title).isEqualTo("one");
        assertThat(found.get(3)).isNull();
    }

    @Test
    void updatesQueuedTogetherCommitInOneTransaction() throws Exception {
        UUID a = create("a"), b = create("b"), c = create("c");
        List<Task> tasks = read(a, b, c);
        tasks.forEach(t -> t.title = t.title + " changed");

        List<Future<Boolean>> outcomes = together(updates::submit, tasks);

        assertThat(outcomes).allSatisfy(f -> assertThat(f.result()).as(String.valueOf(f.cause())).isTrue());
        for (UUID id : List.of(a, b, c)) {
            assertThat(titleOf(id)).endsWith(" changed");
            assertThat(versionOf(id)).isEqualTo(1);
        }
        assertThat(transactionOf(b)).isEqualTo(transactionOf(a));
        assertThat(transactionOf(c)).isEqualTo(transactionOf(a));
    }

    @Test
    void anUpdateOfAVersionAnotherWriterMovedAnswersFalseAndTheOthersCommit() throws Exception {
        // the callers' order is the reverse of the ids', in which the batch is sent: each answer must go
        // back to its own caller
        List<UUID> ids = Stream.of(create("stale"), create("fresh"))
                .sorted(Comparator.reverseOrder()).toList();
        UUID stale = ids.get(0), fresh = ids.get(1);
        table.execute("UPDATE tasks SET title = CASE id WHEN $1 THEN 'stale' ELSE 'fresh' END", stale);
        List<Task> tasks = read(stale, fresh);
        table.execute("UPDATE tasks SET title = 'the other writer''s', version = version + 1 WHERE id = $1", stale);
        tasks.forEach(t -> t.title = "changed");

        List<Future<Boolean>> outcomes = together(updates::submit, tasks);

        assertThat(outcomes.get(0).result()).isFalse();
        assertThat(outcomes.get(1).result()).isTrue();
        assertThat(titleOf(stale)).isEqualTo("the other writer's");
        assertThat(titleOf(fresh)).isEqualTo("changed");
    }

    @Test
    void twoChangesOfOneTaskInOneBatchLetTheFirstWin() throws Exception {
        UUID id = create("task");
        List<Task> copies = read(id, id);
        copies.get(0).title = "first";
        copies.get(1).title = "second";

        List<Future<Boolean>> outcomes = together(updates::submit, copies);

        assertThat(outcomes.get(0).result()).isTrue();
        assertThat(outcomes.get(1).result()).isFalse();
        assertThat(titleOf(id)).isEqualTo("first");
        assertThat(versionOf(id)).isEqualTo(1);
    }

    @Test
    void aRowTheDatabaseRefusesFailsAloneAndTheOthersCommit() throws Exception {
        UUID before = create("before"), refused = create("refused"), after = create("after");
        List<Task> tasks = read(before, refused, after);
        tasks.forEach(t -> t.title = "changed");
        tasks.get(1).title = "x".repeat(201); // past the table's CHECK (the API refuses it before the database)

        List<Future<Boolean>> outcomes = together(updates::submit, tasks);

        assertThat(outcomes.get(0).result()).as(String.valueOf(outcomes.get(0).cause())).isTrue();
        assertThat(outcomes.get(2).result()).as(String.valueOf(outcomes.get(2).cause())).isTrue();
        assertThat(outcomes.get(1).cause()).isInstanceOf(PgException.class);
        assertThat(((PgException) outcomes.get(1).cause()).getSqlState()).isEqualTo("23514");
        assertThat(titleOf(before)).isEqualTo("changed");
        assertThat(titleOf(after)).isEqualTo("changed");
        assertThat(titleOf(refused)).isEqualTo("refused");
        assertThat(versionOf(refused)).isZero();
    }
}
