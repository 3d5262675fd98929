package com.gladlabs.cofounder.devdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.PackagedApp;
import com.gladlabs.cofounder.PackagedAppDatabase;
import com.gladlabs.cofounder.TasksTable;

import io.vertx.pgclient.PgConnectOptions;

/**
 * The migration Job's mode, against the packaged jar and a fresh database: a replica that only
 * validates refuses to start on an unmigrated schema (exit 1, naming the pending migrations);
 * migrate-only applies them and exits 0; the replica then starts.
 */
class MigrateOnlyIT {

    @Test
    void migrateOnlyAppliesTheSchemaAndExitsZeroSoValidatingReplicasCanStart() throws Exception {
        Map<String, String> settings = new PackagedAppDatabase().start();
        PgConnectOptions server = TasksTable.get().target();
        String database = freshDatabase(server, "migrate_only_");
        try {
            runAgainst(settings, server, database);
        } finally {
            try (Connection admin = connect(server, server.getDatabase()); Statement sql = admin.createStatement()) {
                sql.execute("DROP DATABASE IF EXISTS " + database);
            }
        }
    }

    private static void runAgainst(Map<String, String> settings, PgConnectOptions server, String database) throws Exception {
        String url = "postgresql://" + server.getHost() + ":" + server.getPort() + "/" + database;

        Run replicaFirst = run(settings, url, "-Dquarkus.flyway.migrate-at-start=false", "-Dquarkus.flyway.validate-at-start=true");
        assertThat(replicaFirst.exit()).as(replicaFirst.output()).isEqualTo(1);
        assertThat(replicaFirst.output()).contains("Validate failed");

        Run job = run(settings, url, "-Dcofounder.db.migrate-only=true", "-Dcofounder.worker.enabled=false");
        assertThat(job.exit()).as(job.output()).isZero();
        assertThat(job.output()).contains("Migrations applied; exiting").doesNotContain("Content worker started");
        try (Connection check = connect(server, database); Statement sql = check.createStatement();
                ResultSet versions = sql.executeQuery("SELECT max(version::int) FROM flyway_schema_history WHERE success")) {
            versions.next();
            assertThat(versions.getInt(1)).as("the newest migration in src/main/resources/db/migration")
                    .isEqualTo(newestMigration());
        }

        Run replicaAfter = run(settings, url, "-Dquarkus.flyway.migrate-at-start=false", "-Dquarkus.flyway.validate-at-start=true",
                "-Dcofounder.db.migrate-only=true"); // validates, starts, and (migrate-only) exits 0 at once
        assertThat(replicaAfter.exit()).as(replicaAfter.output()).isZero();
    }

    /**
     * Where the Job migrates, replicas run without Flyway (migrate- and validate-at-start off): one
     * started on an unmigrated database is live but not ready, naming what it needs; it turns ready,
     * without a restart, once the schema is current.
     */
    @Test
    void replicaWithoutFlywayIsNotReadyUntilTheSchemaIsCurrent() throws Exception {
        Map<String, String> settings = new PackagedAppDatabase().start();
        PgConnectOptions server = TasksTable.get().target();
        String database = freshDatabase(server, "schema_check_");
        String url = "postgresql://" + server.getHost() + ":" + server.getPort() + "/" + database;
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = PackagedApp.command(port, settings, "-Dquarkus.datasource.reactive.url=" + url,
                "-Dquarkus.flyway.migrate-at-start=false", "-Dquarkus.flyway.validate-at-start=false",
                "-Dcofounder.worker.enabled=false");
        Path log = Files.createTempFile(Path.of("target"), "schema-check-it", ".log");
        Process replica = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.util.function.Function<String, java.net.http.HttpResponse<String>> get = path -> {
            try {
                return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                        .timeout(java.time.Duration.ofSeconds(30)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                return null;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).pollInterval(java.time.Duration.ofMillis(200))
                    .until(() -> {
                        assertThat(replica.isAlive()).as(Files.readString(log)).isTrue();
                        var live = get.apply("/q/health/live");
                        return live != null && live.statusCode() == 200;
                    });
            var ready = get.apply("/q/health/ready");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
            assertThat(ready.body()).contains("no schema (flyway_schema_history missing); this build needs version "
                    + com.gladlabs.cofounder.common.db.SchemaVersion.REQUIRED);

            Run job = run(settings, url, "-Dcofounder.db.migrate-only=true", "-Dcofounder.worker.enabled=false");
            assertThat(job.exit()).as(job.output()).isZero();
            String newest = Integer.toString(newestMigration());
            String previous = Integer.toString(newestMigration() - 1);
            try (Connection db = connect(server, database); Statement sql = db.createStatement()) {
                sql.execute("UPDATE flyway_schema_history SET success = false WHERE version = '" + newest + "'");
                ready = get.apply("/q/health/ready");
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
                assertThat(ready.body()).contains("schema at version " + previous + "; this build needs version " + newest);
                sql.execute("UPDATE flyway_schema_history SET success = true WHERE version = '" + newest + "'");
            }
            ready = get.apply("/q/health/ready");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            var checks = new io.vertx.core.json.JsonObject(ready.body()).getJsonArray("checks");
            assertThat(java.util.stream.IntStream.range(0, checks.size()).mapToObj(checks::getJsonObject)
                    .filter(check -> "database".equals(check.getString("name")))
                    .map(check -> check.getJsonObject("data").getString("schema_version")))
                    .containsExactly(newest);
            assertThat(Files.readString(log)).as("the replica ran no Flyway").doesNotContain("org.fly");
        } finally {
            replica.destroy();
            replica.waitFor(20, TimeUnit.SECONDS);
            try (Connection admin = connect(server, server.getDatabase()); Statement sql = admin.createStatement()) {
                sql.execute("DROP DATABASE IF EXISTS " + database);
            }
        }
    }

    /** A new, empty database on the test server; its name. */
    private static String freshDatabase(PgConnectOptions server, String prefix) throws SQLException {
        String database = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = connect(server, server.getDatabase()); Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + database);
        }
        return database;
    }

    private static int newestMigration() throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(
                java.nio.file.Path.of("src", "main", "resources", "db", "migration"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
        }
    }

    record Run(int exit, String output) {
    }

    private static Run run(Map<String, String> settings, String url, String... flags) throws Exception {
        List<String> options = new ArrayList<>(List.of("-Dquarkus.datasource.reactive.url=" + url));
        options.addAll(List.of(flags));
        List<String> command = PackagedApp.command(0, settings, options.toArray(String[]::new));
        Path log = Files.createTempFile(Path.of("target"), "migrate-only-it", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = process.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        assertThat(exited).as(output).isTrue();
        return new Run(process.exitValue(), output);
    }

    private static Connection connect(PgConnectOptions server, String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + server.getHost() + ":" + server.getPort() + "/" + database,
                server.getUser(), server.getPassword());
    }
}
