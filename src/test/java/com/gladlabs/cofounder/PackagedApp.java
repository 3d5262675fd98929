package com.gladlabs.cofounder;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.awaitility.Awaitility;

/**
 * The packaged application (prod profile) started as a process of its own on a free port, with the
 * integration tests' database and token settings ({@link PackagedAppDatabase}): for tests that
 * signal it, or run several instances side by side. Its output goes to target/{log}. What is
 * started is what the build made, as for {@code @QuarkusIntegrationTest}: the jar, or the native
 * executable when target/quarkus-artifact.properties names one.
 */
public final class PackagedApp implements AutoCloseable {

    private final Process process;
    private final String base;
    private final Path log;

    private PackagedApp(Process process, String base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** Starts the jar with the extra settings (system properties) and waits until it is ready. */
    public static PackagedApp start(String logName, Map<String, String> extra) throws IOException {
        Map<String, String> settings = new java.util.HashMap<>(new PackagedAppDatabase().start());
        settings.putAll(extra);
        int port = freePort();
        List<String> command = command(port, settings);
        Path log = Path.of("target", logName);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PackagedApp app = new PackagedApp(process, "http://127.0.0.1:" + port, log);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Awaitility.await("the packaged application at " + app.base + " is ready").atMost(Duration.ofSeconds(90))
                .ignoreExceptions().until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("the application exited; see " + log);
                    }
                    return http.send(Tokens.authorized(URI.create(app.base + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
        return app;
    }

    /** What a start printed, and whether (and how) it exited before it was listening. */
    public record Run(boolean exited, int exit, String output) {
    }

    /**
     * Runs the packaged application with these settings (system properties) until it exits or logs
     * "Listening on" (then stops it), with the environment variables {@code dropped} selects removed;
     * its output goes to a new target/{logPrefix}*.log.
     */
    public static Run runUntilListeningOrExit(String logPrefix, Map<String, String> settings, Predicate<String> dropped)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile(Path.of("target"), logPrefix, ".log");
        ProcessBuilder builder = new ProcessBuilder(command(0, settings)).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(dropped);
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (process.isAlive() && !Files.readString(log).contains("Listening on") && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        boolean exited = !process.isAlive();
        if (!exited) {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        return new Run(exited, exited ? process.exitValue() : -1, Files.readString(log));
    }

    /** True when the build made a native executable (target/quarkus-artifact.properties says so). */
    public static boolean isNative() {
        return "native".equals(artifact().getProperty("type"));
    }

    /** The executable, or target/quarkus-app/quarkus-run.jar. */
    public static Path artifactPath() {
        return isNative() ? Path.of("target", artifact().getProperty("path")) : Path.of("target", "quarkus-app", "quarkus-run.jar");
    }

    /**
     * The command that starts the packaged application on {@code port} (0: any) with plain-text
     * console logs, the settings as system properties, then the extra options.
     */
    public static List<String> command(int port, Map<String, String> settings, String... extra) {
        List<String> options = new ArrayList<>(List.of("-Dquarkus.http.port=" + port, "-Dquarkus.log.console.json.enabled=false"));
        settings.forEach((key, value) -> options.add("-D" + key + "=" + value));
        options.addAll(List.of(extra));
        return command(options);
    }

    /**
     * The command that starts the packaged application with these options (-D system properties,
     * JVM flags where the jar runs): java, the options, -jar and the jar; or the executable and the
     * options (a native executable takes -D and -X options the same way).
     */
    public static List<String> command(List<String> options) {
        List<String> command = new ArrayList<>();
        if (isNative()) {
            command.add(artifactPath().toAbsolutePath().toString());
            command.addAll(options);
        } else {
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(options);
            command.addAll(List.of("-jar", artifactPath().toString()));
        }
        return command;
    }

    private static Properties artifact() {
        Properties properties = new Properties();
        Path file = Path.of("target", "quarkus-artifact.properties");
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return properties;
    }

    /** http://127.0.0.1:port */
    public String base() {
        return base;
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    public Process process() {
        return process;
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
