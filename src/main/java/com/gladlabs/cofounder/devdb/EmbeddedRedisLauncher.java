package com.gladlabs.cofounder.devdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

import org.jboss.logging.Logger;

import com.gladlabs.cofounder.devdb.EmbeddedRedisConfigFactory.Settings;

import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * Starts one embedded Redis per profile and JVM and answers {@code quarkus.redis.hosts} pointing at it.
 * Like the embedded PostgreSQL, the started server is remembered in a system property, which outlives
 * dev mode's class loaders. It keeps nothing on disk, and evicts only entries with a time to live, as
 * deploy/ configures a production Redis.
 */
public final class EmbeddedRedisLauncher implements Function<Settings, Map<String, String>> {

    private static final Logger LOG = Logger.getLogger(EmbeddedRedisLauncher.class);

    @Override
    public Map<String, String> apply(Settings settings) {
        return startOnce(settings);
    }

    private static synchronized Map<String, String> startOnce(Settings settings) {
        String key = "cofounder.embedded-redis." + settings.profile() + ".port";
        String started = System.getProperty(key);
        int port = started != null ? Integer.parseInt(started) : start(settings);
        System.setProperty(key, Integer.toString(port));
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + port);
    }

    /** A server on a free port, stopped when the JVM exits. */
    public static RedisServer server(Path workDir, int port) throws IOException {
        Files.createDirectories(workDir);
        return RedisServer.newRedisServer()
                .executableProvider(ExecutableProvider.newJarResourceProvider(workDir.toFile()))
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .setting("maxmemory 64mb")
                .setting("maxmemory-policy volatile-lru")
                .onShutdownForceStop(true)
                .build();
    }

    private static int start(Settings settings) {
        Path workDir = Path.of(settings.workDir()).toAbsolutePath();
        try {
            int port = freePort();
            RedisServer redis = server(workDir, port);
            redis.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(redis), "embedded-redis-stop"));
            LOG.infof("Embedded Redis (%s) listening on 127.0.0.1:%d", settings.profile(), port);
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded Redis in " + workDir
                    + "; set QUARKUS_REDIS_HOSTS to use another server", e);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void stop(RedisServer redis) {
        try {
            redis.stop();
        } catch (IOException e) {
            LOG.warn("Embedded Redis did not stop cleanly", e);
        }
    }

}
