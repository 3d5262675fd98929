package com.gladlabs.cofounder.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.TasksTable;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;

/**
 * Listing pages that queue up on an event loop are read together against the real table: the same
 * page once for everyone who asked it, other pages of the statement in one batch, and each caller
 * gets its own page (or its own failure).
 */
@QuarkusTest
class TaskPagesTest {

    @Inject
    TaskRepository tasks;

    @Inject
    TaskPages pages;

    @Inject
    Vertx vertx;

    final TasksTable table = TasksTable.get();

    @BeforeEach
    void seed() {
        table.clear();
        Instant now = Instant.now();
        String[] statuses = { "pending", "in_progress", "completed" };
        for (int i = 0; i < 9; i++) { // t0 newest ... t8 oldest; status i % 3
            table.execute("INSERT INTO tasks (id, title, status, created_at) VALUES ($1, $2, $3, $4)", UUID.randomUUID(),
                    "t" + i, statuses[i % 3], java.time.OffsetDateTime.ofInstant(now.minusSeconds(i), java.time.ZoneOffset.UTC));
        }
    }

    private static TaskListQuery query(String status, String limit, String offset) {
        return TaskListQuery.parse(Map.of("status", List.of(status), "limit", List.of(limit), "offset", List.of(offset)));
    }

    private static List<String> titles(Future<PageRows> page) {
        return page.result().stream().map(TaskView::title).toList();
    }

    /** Submits every query in one event-loop tick, so that they queue up together, and waits for all. */
    private List<Future<PageRows>> inOneTick(List<TaskListQuery> queries) throws Exception {
        CompletableFuture<List<Future<PageRows>>> sent = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(ignored -> sent.complete(queries.stream().map(tasks::page).toList()));
        List<Future<PageRows>> answers = sent.get(10, TimeUnit.SECONDS);
        Future.join(answers).toCompletionStage().toCompletableFuture().handle((r, e) -> null).get(10, TimeUnit.SECONDS);
        return answers;
    }

    @Test
    void pagesOfOneTickEachGetTheirOwnRowsAndTheSamePageIsReadOnce() throws Exception {
        List<Future<PageRows>> answers = inOneTick(List.of(
                query("pending", "2", "0"), query("completed", "5", "0"), query("pending", "2", "0"),
                query("pending", "2", "1"), query("in_progress", "5", "0")));

        assertThat(titles(answers.get(0))).containsExactly("t0", "t3");
        assertThat(answers.get(0).result().more()).isTrue(); // limit + 1 read: t6 follows
        assertThat(titles(answers.get(1))).containsExactly("t2", "t5", "t8");
        assertThat(answers.get(1).result().more()).isFalse();
        assertThat(answers.get(2).result()).isSameAs(answers.get(0).result()); // one read for both callers
        assertThat(titles(answers.get(3))).containsExactly("t3", "t6");
        assertThat(answers.get(3).result().more()).isFalse();
        assertThat(titles(answers.get(4))).containsExactly("t1", "t4", "t7");
    }

    @Test
    void aPageAskedAfterAnAcknowledgedWriteSeesIt() throws Exception {
        List<Future<PageRows>> before = inOneTick(List.of(query("pending", "20", "0"), query("pending", "20", "0")));
        table.execute("INSERT INTO tasks (id, title, status) VALUES ($1, 'newest', 'pending')", UUID.randomUUID());

        List<Future<PageRows>> after = inOneTick(List.of(query("pending", "20", "0"), query("pending", "20", "0")));

        assertThat(titles(before.get(0))).doesNotContain("newest");
        assertThat(titles(after.get(0))).startsWith("newest");
        assertThat(titles(after.get(1))).startsWith("newest");
    }

    @Test
    void aPageThatPostgresqlRefusesFailsAloneAndTheOthersAreAnswered() throws Exception {
        String sql = "SELECT " + TaskRows.COLUMNS + " FROM tasks t WHERE t.status IN ($1) ORDER BY t.created_at DESC, t.id DESC"
                + " LIMIT $2 OFFSET $3";
        TaskPages.Page good = new TaskPages.Page(sql, List.of("completed", 3, 0), 2);
        TaskPages.Page refused = new TaskPages.Page(sql, List.of("completed", -1, 0), 2); // LIMIT must not be negative

        CompletableFuture<List<Future<PageRows>>> sent = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(ignored -> sent.complete(
                List.of(pages.submit(good), pages.submit(refused), pages.submit(good))));
        List<Future<PageRows>> answers = sent.get(10, TimeUnit.SECONDS);
        Future.join(answers).toCompletionStage().toCompletableFuture().handle((r, e) -> null).get(10, TimeUnit.SECONDS);

        assertThat(titles(answers.get(0))).containsExactly("t2", "t5");
        assertThat(answers.get(0).result().more()).isTrue();
        assertThat(answers.get(1).cause()).isInstanceOf(PgException.class);
        assertThat(titles(answers.get(2))).containsExactly("t2", "t5");
    }
}
