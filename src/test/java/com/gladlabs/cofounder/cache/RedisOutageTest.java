package com.gladlabs.cofounder.cache;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.TasksTable;
import com.gladlabs.cofounder.devdb.EmbeddedRedisLauncher;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Redis failing under the cache, on a Redis of this test's own that it stops, restarts and pauses:
 * requests never fail and keep their answers right (reads go to PostgreSQL within the timeout), the
 * cache is used again when Redis answers, and an entry written before the failure is not served once a
 * newer version was written meanwhile.
 */
@QuarkusTest
@TestProfile(RedisOutageTest.OwnRedis.class)
class RedisOutageTest {

    private static final String PORT = "cofounder.test.outage-redis.port";
    private static final Path WORK_DIR = Path.of("target/embedded-redis");

    public static class OwnRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cofounder.cache.enabled", "true",
                    "quarkus.redis.hosts", "redis://127.0.0.1:" + port(),
                    "cofounder.cache.timeout", "100ms",
                    "cofounder.cache.breaker.failures", "2",
                    "cofounder.cache.breaker.open-for", "300ms");
        }
    }

    /** This test's Redis, started once per JVM (system properties outlive Quarkus' class loaders). */
    static synchronized int port() {
        String started = System.getProperty(PORT);
        if (started != null) {
            return Integer.parseInt(started);
        }
        try {
            int port = EmbeddedRedisLauncher.freePort();
            EmbeddedRedisLauncher.server(WORK_DIR, port).start();
            System.setProperty(PORT, Integer.toString(port));
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(15);

    final TasksTable table = TasksTable.get();

    @BeforeEach
    void up() throws IOException {
        table.clear();
        if (!answers()) {
            EmbeddedRedisLauncher.server(WORK_DIR, port()).start();
        }
        // The cache is in use: a read of a task fills it.
        String id = create("probe");
        Awaitility.await().atMost(WAIT).until(() -> {
            given().get("/api/tasks/" + id).then().statusCode(200);
            return entryCount() > 0;
        });
    }

    private static String create(String title) {
        return given().contentType(ContentType.JSON).body("{\"title\":\"" + title + "\"}").post("/api/tasks").then()
                .statusCode(201).extract().path("id");
    }

    @Test
    void stoppedInTheMiddleOfReadsNoRequestFailsAndTheCacheComesBack() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(create("task " + i));
        }
        Map<String, String> versions = new ConcurrentHashMap<>();
        ids.forEach(id -> versions.put(id, "\"0\""));
        List<String> failures = new ArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService readers = Executors.newFixedThreadPool(4);
        List<Future<Integer>> counts = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            counts.add(readers.submit(() -> {
                int reads = 0;
                while (running.get()) {
                    String id = ids.get(reads++ % ids.size());
                    String expected = versions.get(id);
                    var response = given().get("/api/tasks/" + id);
                    String etag = response.header("ETag");
                    // A version at least as new as the last one acknowledged before this read began.
                    if (response.statusCode() != 200 || Long.parseLong(unquote(etag)) < Long.parseLong(unquote(expected))) {
                        synchronized (failures) {
                            failures.add(id + ": " + response.statusCode() + " " + etag + " (expected " + expected + ")");
                        }
                    }
                }
                return reads;
            }));
        }
        Thread.sleep(500);
        double errorsBefore = metric("cofounder_cache_errors_total");
        double bypassedBefore = metric("cofounder_cache_bypassed_total");
        command("SHUTDOWN", "NOSAVE");
        Awaitility.await().atMost(WAIT).until(() -> !answers());
        Thread.sleep(1000);
        // Readiness means "the database answers": Redis being down changes nothing there.
        given().get("/q/health/ready").then().statusCode(200);
        // A write while Redis is down is answered, and its version is what every later read sees.
        String changed = ids.get(3);
        given().contentType("application/merge-patch+json").body("{\"progress\": 50}").patch("/api/tasks/" + changed)
                .then().statusCode(200).header("ETag", "\"1\"");
        versions.put(changed, "\"1\"");
        Thread.sleep(500);
        double bypassedWhileDown = metric("cofounder_cache_bypassed_total") - bypassedBefore;
        EmbeddedRedisLauncher.server(WORK_DIR, port()).start();
        double hitsAfterRestart = metric("cofounder_cache_hits_total");
        Awaitility.await().atMost(WAIT).until(() -> metric("cofounder_cache_hits_total") > hitsAfterRestart + 20);
        running.set(false);
        int reads = 0;
        for (Future<Integer> count : counts) {
            reads += count.get();
        }
        readers.shutdown();

        assertThat(failures).isEmpty();
        assertThat(reads).isGreaterThan(100);
        assertThat(metric("cofounder_cache_errors_total")).isGreaterThan(errorsBefore);
        assertThat(bypassedWhileDown).isPositive(); // the open breaker sent reads straight to PostgreSQL
        given().get("/api/tasks/" + changed).then().statusCode(200).header("ETag", "\"1\"");
    }

    @Test
    void anEntryWrittenBeforeAFailureIsNotServedAfterANewerWrite() throws Exception {
        String id = create("paused");
        given().get("/api/tasks/" + id).then().statusCode(200).header("ETag", "\"0\"");
        given().get("/api/tasks/" + id).then().statusCode(200).header("ETag", "\"0\"");
        String epoch = command("GET", "cofounder:epoch");
        assertThat(command("GET", "cofounder:task:" + epoch + ":" + id)).startsWith("0|B|");

        // Redis stops answering but keeps its data. Reads time out and open the breaker; the write that
        // follows is then not sent to Redis at all, nor is its change from the feed: the version 0 entry
        // stays in Redis, under the old epoch.
        command("CLIENT", "PAUSE", "2000");
        for (int i = 0; i < 3; i++) {
            given().get("/api/tasks/" + id).then().statusCode(200).header("ETag", "\"0\"");
        }
        given().contentType("application/merge-patch+json").body("{\"progress\": 70}").patch("/api/tasks/" + id)
                .then().statusCode(200).header("ETag", "\"1\"");
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < until) {
            given().get("/api/tasks/" + id).then().statusCode(200).header("ETag", "\"1\"");
        }
        assertThat(command("GET", "cofounder:task:" + epoch + ":" + id)).startsWith("0|B|");
        assertThat(Long.parseLong(command("GET", "cofounder:epoch"))).isGreaterThan(Long.parseLong(epoch));
        Awaitility.await().atMost(WAIT).until(() -> {
            given().get("/api/tasks/" + id).then().statusCode(200).header("ETag", "\"1\"");
            String current = command("GET", "cofounder:epoch");
            String entry = command("GET", "cofounder:task:" + current + ":" + id);
            return entry != null && entry.startsWith("1|B|");
        });
    }

    private static String unquote(String etag) {
        return etag.substring(1, etag.length() - 1);
    }

    private static double metric(String name) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static long entryCount() {
        String keys = command("EVAL", "return #redis.call('KEYS', 'cofounder:task:*')", "0");
        return keys == null ? 0 : Long.parseLong(keys);
    }

    private static boolean answers() {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** One command on a connection of its own (RESP); a bulk or integer answer as text, nil as null. */
    static String command(String... args) {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout(5000);
            StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
            for (String arg : args) {
                request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String line = line(in);
            switch (line.charAt(0)) {
                case '+', ':' -> {
                    return line.substring(1);
                }
                case '$' -> {
                    int length = Integer.parseInt(line.substring(1));
                    if (length < 0) {
                        return null;
                    }
                    byte[] body = in.readNBytes(length + 2);
                    return new String(body, 0, length, StandardCharsets.UTF_8);
                }
                default -> throw new IllegalStateException("Redis answered " + line);
            }
        } catch (IOException e) {
            if (args[0].equals("SHUTDOWN")) {
                return null; // the server closes the connection as it stops
            }
            throw new UncheckedIOException(e);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            line.append((char) c);
        }
        in.read();
        return line.toString();
    }
}
