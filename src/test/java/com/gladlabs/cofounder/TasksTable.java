package com.gladlabs.cofounder;

import java.util.List;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Direct SQL on the real database, around the API: tests use it to set up rows and to prove what
 * was (or was not) written. Runs on the test thread, never on an event loop.
 */
@ApplicationScoped
public class TasksTable {

    private final Pool pool;

    public TasksTable(Pool pool) {
        this.pool = pool;
    }

    public void clear() {
        pool.query("TRUNCATE tasks").execute().await().indefinitely();
    }

    public long count() {
        return pool.query("SELECT count(*) FROM tasks").execute().await().indefinitely().iterator().next().getLong(0);
    }

    /** Every row's id and version, in a stable order: equal snapshots mean nothing was written. */
    public List<String> snapshot() {
        return rows("SELECT id::text || ':' || version || ':' || updated_at::text AS v FROM tasks ORDER BY id")
                .stream().map(r -> r.getString("v")).toList();
    }

    public List<Row> rows(String sql, Object... parameters) {
        List<Row> rows = new java.util.ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.from(parameters)).await().indefinitely().forEach(rows::add);
        return rows;
    }

    public Row row(String sql, Object... parameters) {
        List<Row> rows = rows(sql, parameters);
        return rows.isEmpty() ? null : rows.get(0);
    }

    public void execute(String sql, Object... parameters) {
        pool.preparedQuery(sql).execute(Tuple.from(parameters)).await().indefinitely();
    }
}
