package com.gladlabs.cofounder;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * Direct SQL on the real database, around the API: tests use it to set up rows and to prove what
 * was (or was not) written. A plain client with its own small pool, so the same tests run inside
 * the application ({@code @QuarkusTest}) and against the packaged artifact
 * ({@code @QuarkusIntegrationTest}, where {@link PackagedAppDatabase} names the database). Runs on
 * the test thread, never on an event loop.
 */
public final class TasksTable {

    private static TasksTable shared;

    private final PgConnectOptions target;
    private Vertx vertx;
    private Pool pool;

    private TasksTable(PgConnectOptions target) {
        this.target = target;
    }

    /** The table of the database the application under test uses. */
    public static synchronized TasksTable get() {
        if (shared == null) {
            shared = new TasksTable(PackagedAppDatabase.connectOptions().orElseGet(TasksTable::fromApplicationConfig));
        }
        return shared;
    }

    private static PgConnectOptions fromApplicationConfig() {
        Config config = ConfigProvider.getConfig();
        PgConnectOptions options = PgConnectOptions.fromUri(config.getValue("quarkus.datasource.reactive.url", String.class));
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
        return options;
    }

    private synchronized Pool pool() {
        if (pool == null) {
            vertx = Vertx.vertx();
            pool = PgPool.pool(vertx, target, new PoolOptions().setMaxSize(4));
        }
        return pool;
    }

    /** Where the database listens: tests that stop and start it, or open their own connections. */
    public PgConnectOptions target() {
        return new PgConnectOptions(target);
    }

    /** A plain JDBC connection of its own: for a test that holds a transaction open across other work. */
    public java.sql.Connection connection() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(
                "jdbc:postgresql://" + target.getHost() + ":" + target.getPort() + "/" + target.getDatabase(),
                target.getUser(), target.getPassword());
    }

    public void clear() {
        execute("TRUNCATE tasks");
    }

    public long count() {
        return row("SELECT count(*) FROM tasks").getLong(0);
    }

    /** Every row's id and version, in a stable order: equal snapshots mean nothing was written. */
    public List<String> snapshot() {
        return rows("SELECT id::text || ':' || version || ':' || updated_at::text AS v FROM tasks ORDER BY id")
                .stream().map(r -> r.getString("v")).toList();
    }

    public List<Row> rows(String sql, Object... parameters) {
        List<Row> rows = new ArrayList<>();
        pool().preparedQuery(sql).execute(Tuple.from(parameters)).await().indefinitely().forEach(rows::add);
        return rows;
    }

    public Row row(String sql, Object... parameters) {
        List<Row> rows = rows(sql, parameters);
        return rows.isEmpty() ? null : rows.get(0);
    }

    public void execute(String sql, Object... parameters) {
        pool().preparedQuery(sql).execute(Tuple.from(parameters)).await().indefinitely();
    }

    static Optional<String> systemProperty(String name) {
        return Optional.ofNullable(System.getProperty(name)).filter(v -> !v.isBlank());
    }
}
