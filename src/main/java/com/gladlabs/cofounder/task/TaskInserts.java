package com.gladlabs.cofounder.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.gladlabs.cofounder.common.db.DatabaseConfig;
import com.gladlabs.cofounder.common.db.LoopBatcher;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Singleton;

/**
 * Writes new tasks: group commit in the service. Creates that queue up on an event loop go as one
 * pipelined batch of the same prepared INSERT under one Sync, which PostgreSQL runs as one implicit
 * transaction with one commit, the largest part of what a one-row transaction costs it
 * (bench/README). A quiet service sends each create alone and at once ({@link LoopBatcher}).
 *
 * <p>Every create is answered after its own row committed, and only for its own row: a batch that
 * PostgreSQL refuses (one row breaking a constraint rolls the whole transaction back) is sent again
 * one create per transaction, so each caller gets its own answer. A batch lost with its connection
 * fails its creates as a lone INSERT would (nothing is retried that might have committed).
 */
@Singleton
public class TaskInserts extends LoopBatcher<Task, Void> {

    private final Pool pool;

    public TaskInserts(Pool pool, TaskConfig config, DatabaseConfig database) {
        super(config.createsInFlight(), config.batchMax(), database.acquireTimeout());
        this.pool = pool;
    }

    @Override
    protected Future<Void> one(Task task) {
        return pool.preparedQuery(TaskRows.INSERT).execute(TaskRows.values(task)).mapEmpty();
    }

    @Override
    protected Future<List<Void>> many(List<Task> tasks) {
        List<Tuple> rows = new ArrayList<>(tasks.size());
        for (Task task : tasks) {
            rows.add(TaskRows.values(task));
        }
        return pool.preparedQuery(TaskRows.INSERT).executeBatch(rows).map(inserted -> Collections.nCopies(tasks.size(), null));
    }

    @Override
    protected boolean retryAlone(Throwable failure) {
        return failure instanceof PgException; // refused by PostgreSQL: nothing of the batch committed
    }
}
