package com.gladlabs.cofounder;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;

/**
 * The packaged jar (prod profile) started as a process of its own on a free port, with the
 * integration tests' database and token settings ({@link PackagedAppDatabase}): for tests that
 * signal it, or run several instances side by side. Its output goes to target/{log}.
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
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Dquarkus.http.port=" + port, "-Dquarkus.log.console.json.enabled=false"));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString()));
        Path log = Path.of("target", logName);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PackagedApp app = new PackagedApp(process, "http://127.0.0.1:" + port, log);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Awaitility.await("the packaged application at " + app.base + " is ready").atMost(Duration.ofSeconds(90))
                .ignoreExceptions().until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("the application exited; see " + log);
                    }
                    return http.send(Tokens.authorized(URI.create(app.base + "/q/health/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
        return app;
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
