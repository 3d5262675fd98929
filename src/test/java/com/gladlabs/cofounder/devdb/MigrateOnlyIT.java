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
        String database = "migrate_only_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = connect(server, server.getDatabase()); Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + database);
        }
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
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Dquarkus.http.port=0", "-Dquarkus.log.console.json.enabled=false"));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dquarkus.datasource.reactive.url=" + url);
        command.addAll(List.of(flags));
        command.addAll(List.of("-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString()));
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
