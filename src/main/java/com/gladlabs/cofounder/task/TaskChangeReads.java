package com.gladlabs.cofounder.task;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.gladlabs.cofounder.common.db.DatabaseConfig;
import com.gladlabs.cofounder.common.db.LoopBatcher;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Singleton;

/**
 * Reads tasks about to be changed, as entities of their own (every column, no lock: {@link TaskUpdates}
 * writes only over the version read). Reads that queue up on an event loop go as one prepared
 * {@code id = ANY($1)}, as {@link TaskReads} does for the API's reads; every caller gets a new entity,
 * also when two asked for the same task. An id with no row answers null.
 */
@Singleton
public class TaskChangeReads extends LoopBatcher<UUID, Task> {

    static final String SELECT_BY_IDS = "SELECT " + TaskRows.COLUMNS + ", idempotency_key FROM tasks WHERE id = ANY($1)";

    private final Pool pool;

    public TaskChangeReads(Pool pool, TaskConfig config, DatabaseConfig database) {
        super(config.readsInFlight(), config.batchMax(), database.acquireTimeout());
        this.pool = pool;
    }

    @Override
    protected Future<Task> one(UUID id) {
        return pool.preparedQuery(TaskRows.SELECT_TASK).execute(Tuple.of(id)).map(rows -> {
            RowIterator<Row> found = rows.iterator();
            return found.hasNext() ? TaskRows.task(found.next()) : null;
        });
    }

    @Override
    protected Future<List<Task>> many(List<UUID> ids) {
        return pool.preparedQuery(SELECT_BY_IDS).execute(Tuple.of(ids.toArray(UUID[]::new))).map(rows -> {
            Map<UUID, Row> found = new HashMap<>(rows.size() * 2);
            for (Row row : rows) {
                found.put(row.getUUID(0), row);
            }
            List<Task> tasks = new ArrayList<>(ids.size());
            for (UUID id : ids) {
                Row row = found.get(id);
                tasks.add(row == null ? null : TaskRows.task(row));
            }
            return tasks;
        });
    }
}
