package com.gladlabs.cofounder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.awaitility.Awaitility;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded PostgreSQL of a test run, as an operator sees a database server: it can be stopped
 * (a fast shutdown, as a restart or a crash-restart would be) and started again on the same data
 * directory and port. Only the embedded server can be; a run against an external one has none.
 */
public final class EmbeddedServer {

    private final Path dataDir;
    private final Path binDir;
    private final int port;

    private EmbeddedServer(Path dataDir, Path binDir, int port) {
        this.dataDir = dataDir;
        this.binDir = binDir;
        this.port = port;
    }

    /** The server the test profile started, when it started one. */
    public static Optional<EmbeddedServer> ofTests() {
        String dataDir = System.getProperty("cofounder.embedded-db.test.data-dir");
        if (dataDir == null) {
            return Optional.empty();
        }
        return Optional.of(new EmbeddedServer(Path.of(dataDir), Path.of(System.getProperty("cofounder.embedded-db.test.bin-dir")),
                Integer.getInteger("cofounder.embedded-db.test.port")));
    }

    public void stop() {
        try {
            long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
            Optional<ProcessHandle> postmaster = ProcessHandle.of(pid);
            Awaitility.await("the postmaster stops").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> postmaster.map(p -> !p.isAlive()).orElse(true) && !Files.exists(dataDir.resolve("postmaster.pid")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public void start() {
        try {
            // The first server's zonky instance still holds its in-JVM lock on the old lock file.
            Files.deleteIfExists(dataDir.resolve("epg-lock"));
            EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(binDir.toFile())
                    .setDataDirectory(dataDir.toFile())
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
