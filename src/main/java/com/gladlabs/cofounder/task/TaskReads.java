package com.gladlabs.cofounder.task;

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
 * Reads tasks by id: reads that queue up on an event loop go as one prepared {@code id = ANY($1)}
 * (the primary key index, one probe per id), so PostgreSQL's fixed cost per statement is paid once
 * for several callers (bench/README). A quiet service sends each read alone and at once
 * ({@link LoopBatcher}). An id with no row answers null.
 */
@Singleton
public class TaskReads extends LoopBatcher<UUID, TaskView> {

    static final String SELECT_BY_ID = "SELECT " + TaskRows.COLUMNS + " FROM tasks WHERE id = $1";
    static final String SELECT_BY_IDS = "SELECT " + TaskRows.COLUMNS + " FROM tasks WHERE id = ANY($1)";

    private final Pool pool;

    public TaskReads(Pool pool, TaskConfig config, DatabaseConfig database) {
        super(config.readsInFlight(), config.batchMax(), database.acquireTimeout());
        this.pool = pool;
    }

    @Override
    protected Future<TaskView> one(UUID id) {
        return pool.preparedQuery(SELECT_BY_ID).execute(Tuple.of(id)).map(rows -> {
            RowIterator<Row> found = rows.iterator();
            return found.hasNext() ? TaskRows.view(found.next()) : null;
        });
    }

    @Override
    protected Future<List<TaskView>> many(List<UUID> ids) {
        return pool.preparedQuery(SELECT_BY_IDS).execute(Tuple.of(ids.toArray(UUID[]::new))).map(rows -> {
            Map<UUID, TaskView> found = new HashMap<>(rows.size() * 2);
            for (Row row : rows) {
                TaskView view = TaskRows.view(row);
                found.put(view.id(), view);
            }
            return ids.stream().map(found::get).toList();
        });
    }
}
