package com.gladlabs.cofounder.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.TasksTable;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;

/** Reads by id that queue up go as one statement against the real table; each caller gets its own row. */
@QuarkusTest
class TaskReadsTest {

    @Inject
    TaskReads reads;

    @Inject
    Vertx vertx;

    final TasksTable table = TasksTable.get();

    @BeforeEach
    void empty() {
        table.clear();
    }

    private UUID row(String title, String status) {
        UUID id = UUID.randomUUID();
        table.execute("INSERT INTO tasks (id, title, status) VALUES ($1, $2, $3)", id, title, status);
        return id;
    }

    @Test
    void readsOfOneTickEachGetTheirOwnRowOrNothing() throws Exception {
        UUID first = row("first", "pending"), second = row("second", "completed");
        UUID missing = UUID.randomUUID();
        List<UUID> asked = List.of(second, missing, first, second);

        CompletableFuture<List<Future<TaskView>>> sent = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(ignored -> sent.complete(asked.stream().map(reads::submit).toList()));
        List<Future<TaskView>> answers = sent.get(10, TimeUnit.SECONDS);
        Future.all(answers).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(answers.get(0).result().title()).isEqualTo("second");
        assertThat(answers.get(0).result().status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(answers.get(1).result()).isNull();
        assertThat(answers.get(2).result().id()).isEqualTo(first);
        assertThat(answers.get(2).result().title()).isEqualTo("first");
        assertThat(answers.get(3).result().id()).isEqualTo(second);
    }

    @Test
    void theStatementOfSeveralIdsAnswersEachInTheOrderAsked() throws Exception {
        UUID a = row("a", "pending"), b = row("b", "failed");
        UUID missing = UUID.randomUUID();

        List<TaskView> views = reads.many(List.of(b, missing, a)).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        assertThat(views).hasSize(3);
        assertThat(views.get(0).title()).isEqualTo("b");
        assertThat(views.get(1)).isNull();
        assertThat(views.get(2).title()).isEqualTo("a");
    }
}
