package com.gladlabs.cofounder.common.db;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether the database's schema is the one this build needs: Flyway's history holds a successful
 * migration at {@link #REQUIRED} or later. Part of readiness, so that a replica whose schema has not
 * been migrated yet (the migrate Job still running) takes no traffic, without loading Flyway and a
 * JDBC connection at every start: where the Job migrates, replicas run with Flyway's
 * migrate-at-start and validate-at-start off, and this one query over the reactive pool is the check
 * (the Job's Flyway validates checksums before it migrates). A later version is accepted: during a
 * rolling update the next release's Job may migrate first, and migrations are additive.
 * <p>
 * The same query checks that the server is at least the PostgreSQL version the build is made for
 * ({@code quarkus.datasource.db-version}): Hibernate's own check of it at boot
 * ({@code quarkus.hibernate-orm.database.version-check.enabled}) is off, since it made the start wait
 * on a database round trip before the HTTP server was up.
 * <p>
 * Once the schema is current it stays so for this process: the answer is kept, and readiness then
 * costs no more than before.
 */
@ApplicationScoped
public class SchemaVersion {

    /** The newest migration in src/main/resources/db/migration (SchemaVersionTest keeps them equal). */
    public static final String REQUIRED = "5";

    private static final String NEWEST = "SELECT current_setting('server_version_num')::int AS server_version,"
            + " max(string_to_array(version, '.')::int[])::text AS newest,"
            + " coalesce(bool_or(string_to_array(version, '.')::int[] >= string_to_array($1, '.')::int[]), false) AS current"
            + " FROM flyway_schema_history WHERE success AND version IS NOT NULL";

    /** What the database holds: its newest applied version (null when none) and whether it is enough. */
    public record State(String version, boolean current, String problem) {
    }

    private final Pool pool;
    private final String serverVersion;
    private volatile State current;

    public SchemaVersion(Pool pool, @ConfigProperty(name = "quarkus.datasource.db-version") String serverVersion) {
        this.pool = pool;
        this.serverVersion = serverVersion;
    }

    /** The schema's state; fails only when the database does not answer. */
    public Uni<State> check() {
        State known = current;
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return pool.preparedQuery(NEWEST).execute(Tuple.of(REQUIRED))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    String newest = version(row.getString("newest"));
                    String older = olderServer(row.getInteger("server_version"), serverVersion);
                    if (older != null) {
                        return new State(newest, false, older);
                    }
                    boolean ok = row.getBoolean("current");
                    State state = new State(newest, ok, ok ? null
                            : needs(newest == null ? "no migration applied" : "schema at version " + newest));
                    if (ok) {
                        current = state;
                    }
                    return state;
                })
                .onFailure(PgException.class).recoverWithUni(e -> "42P01".equals(((PgException) e).getSqlState())
                        ? Uni.createFrom().item(new State(null, false, needs("no schema (flyway_schema_history missing)")))
                        : Uni.createFrom().failure(e));
    }

    /**
     * Why a server of {@code server_version_num} {@code server} is too old for {@code wanted} (a major
     * version, as in quarkus.datasource.db-version), or null when it is not.
     */
    static String olderServer(int server, String wanted) {
        int major = Integer.parseInt(wanted.split("\\.")[0]);
        return server < major * 10_000
                ? "PostgreSQL " + (server / 10_000) + " is older than " + major + ", which this build needs"
                : null;
    }

    private static String needs(String found) {
        return found + "; this build needs version " + REQUIRED + ": run the migrations (the migrate Job)";
    }

    /** "{1,2}" (an int[] as text) as "1.2". */
    private static String version(String array) {
        return array == null ? null : array.replace("{", "").replace("}", "").replace(',', '.');
    }
}
