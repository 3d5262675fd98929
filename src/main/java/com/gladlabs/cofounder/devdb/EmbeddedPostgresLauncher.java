package com.gladlabs.cofounder.devdb;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.UUID;

import org.jboss.logging.Logger;

import com.gladlabs.cofounder.devdb.EmbeddedDatabaseConfigFactory.Settings;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Starts one embedded PostgreSQL per profile and JVM, and answers the datasource settings that
 * point at it. Dev mode reloads the application in new class loaders, so the started server is
 * remembered in a system property, which outlives them.
 */
public final class EmbeddedPostgresLauncher implements Function<Settings, Map<String, String>> {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresLauncher.class);

    @Override
    public Map<String, String> apply(Settings settings) {
        return startOnce(settings);
    }

    private static synchronized Map<String, String> startOnce(Settings settings) {
        String key = "cofounder.embedded-db." + settings.profile() + ".port";
        String started = System.getProperty(key);
        int port = started != null ? Integer.parseInt(started) : start(settings);
        System.setProperty(key, Integer.toString(port));
        // Tests that stop and start the server (as a database outage would) read its folders here.
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + port + "/postgres",
                "quarkus.datasource.username", "postgres");
    }

    private static int start(Settings settings) {
        Path workDir = Path.of(settings.workDir()).toAbsolutePath();
        // Dev keeps its data across restarts; tests start from an empty cluster each JVM.
        boolean persistent = settings.dataDir() != null;
        Path dataDir = persistent
                ? Path.of(settings.dataDir()).toAbsolutePath()
                : workDir.resolve(settings.profile() + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(workDir);
            Files.createDirectories(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(workDir.resolve("bin").toFile())
                    .setDataDirectory(dataDir.toFile())
                    .setCleanDataDirectory(!persistent)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("listen_addresses", "127.0.0.1");
            settings.port().ifPresent(builder::setPort);
            EmbeddedPostgres postgres = builder.start();
            System.setProperty("cofounder.embedded-db." + settings.profile() + ".data-dir", dataDir.toString());
            System.setProperty("cofounder.embedded-db." + settings.profile() + ".bin-dir", workDir.resolve("bin").toString());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres, persistent ? null : dataDir.toFile()),
                    "embedded-postgresql-stop"));
            LOG.infof("Embedded PostgreSQL (%s) listening on 127.0.0.1:%d, data in %s", settings.profile(),
                    postgres.getPort(), dataDir);
            return postgres.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDir
                    + "; set QUARKUS_DATASOURCE_REACTIVE_URL to use another server", e);
        }
    }

    private static void close(EmbeddedPostgres postgres, File scratch) {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
        if (scratch != null) {
            deleteQuietly(scratch);
        }
    }

    private static void deleteQuietly(File file) {
        File[] children = file.listFiles();
        if (children != null) {
            for (File child : children) {
                deleteQuietly(child);
            }
        }
        file.delete();
    }
}
