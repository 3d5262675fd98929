package com.gladlabs.cofounder.task;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import com.gladlabs.cofounder.common.db.DatabaseConfig;
import com.gladlabs.cofounder.common.db.LoopBatcher;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Singleton;

/**
 * Writes changed tasks by the versioned {@link TaskRows#UPDATE}: true when it changed the row, false when the
 * row is gone or its version is no longer the one the change was made on. Updates that queue up on an event
 * loop go as one pipelined batch under one Sync, one implicit transaction with one commit, as
 * {@link TaskInserts} does for creates (bench/README). A quiet service sends each update alone and at once
 * ({@link LoopBatcher}).
 *
 * <p>A batch updates its rows in the order of their ids, so two batches running at once lock their rows in
 * the same order and never deadlock on each other. Two changes of one task in one batch were made on the
 * same version: the first one wins and the second answers false, as if it had come a moment later. A batch
 * that PostgreSQL refuses (one row breaking a constraint, or a deadlock with another writer) is sent again
 * one update per transaction, so each caller gets its own answer; one lost with its connection fails its
 * updates as a lone UPDATE would (nothing is retried that might have committed).
 */
@Singleton
public class TaskUpdates extends LoopBatcher<Task, Boolean> {

    private static final Comparator<Task> BY_ID = Comparator.comparing(task -> task.id);

    private final Pool pool;

    public TaskUpdates(Pool pool, TaskConfig config, DatabaseConfig database) {
        super(config.updatesInFlight(), config.batchMax(), database.acquireTimeout());
        this.pool = pool;
    }

    @Override
    protected Future<Boolean> one(Task task) {
        return pool.preparedQuery(TaskRows.UPDATE).execute(TaskRows.updateValues(task)).map(updated -> updated.rowCount() == 1);
    }

    @Override
    protected Future<List<Boolean>> many(List<Task> tasks) {
        Integer[] order = new Integer[tasks.size()]; // positions in the callers' list, by id
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> BY_ID.compare(tasks.get(a), tasks.get(b)));
        List<Tuple> rows = new ArrayList<>(tasks.size());
        for (Integer i : order) {
            rows.add(TaskRows.updateValues(tasks.get(i)));
        }
        return pool.preparedQuery(TaskRows.UPDATE).executeBatch(rows).map(first -> {
            Boolean[] changed = new Boolean[tasks.size()];
            RowSet<Row> result = first;
            for (Integer i : order) {
                changed[i] = result.rowCount() == 1;
                result = result.next();
            }
            return Arrays.asList(changed);
        });
    }

    @Override
    protected boolean retryAlone(Throwable failure) {
        return failure instanceof PgException; // refused by PostgreSQL: nothing of the batch committed
    }
}
