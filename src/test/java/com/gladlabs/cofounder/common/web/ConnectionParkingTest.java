package com.gladlabs.cofounder.common.web;

import static com.gladlabs.cofounder.common.web.GateFixtures.lockRow;
import static com.gladlabs.cofounder.common.web.GateFixtures.metric;
import static com.gladlabs.cofounder.common.web.GateFixtures.task;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * With two requests in flight and a read-ahead of two: keep-alive connections whose response ends
 * while requests wait are left unread (parked), every one of them is read again, and a request sent
 * on a parked connection is answered, during the load and after it (when nothing else would ever
 * wake the connection).
 */
@QuarkusTest
@TestProfile(ConnectionParkingTest.TwoAtATime.class)
class ConnectionParkingTest {

    public static class TwoAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cofounder.http.max-in-flight", "2", "cofounder.http.read-ahead", "2");
        }
    }

    private static final int CALLERS = 12;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private final ExecutorService threads = Executors.newFixedThreadPool(CALLERS + 4);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void connectionsParkedUnderLoadAreReadAgainAndEveryRequestIsAnswered() throws Exception {
        UUID held = task("held by a lock");
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            ids.add(task("parking " + i));
        }
        double parksBefore = metric("cofounder_http_parks_total");
        List<Caller> callers = new ArrayList<>();
        try {
            for (int i = 0; i < CALLERS; i++) {
                callers.add(new Caller(port));
            }
            CompletableFuture<Response> first;
            CompletableFuture<Response> second;
            List<CompletableFuture<String>> answers = new ArrayList<>();
            try (Connection lock = lockRow(held)) {
                // Both turns held, then every caller's request waits: far more than the read-ahead.
                first = patchAsync(held, "{\"status\":\"in_progress\"}");
                second = patchAsync(held, "{\"priority\":\"high\"}");
                await().atMost(Duration.ofSeconds(10)).until(() -> metric("cofounder_http_requests_in_flight") == 2);
                for (int i = 0; i < CALLERS; i++) {
                    callers.get(i).send(ids.get(i));
                }
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> metric("cofounder_http_requests_waiting") == CALLERS);
                // Each caller sends its next request as soon as it has its answer: a closed loop, ten
                // rounds, answers checked for the task each asked for.
                for (int i = 0; i < CALLERS; i++) {
                    Caller caller = callers.get(i);
                    UUID id = ids.get(i);
                    answers.add(CompletableFuture.supplyAsync(() -> caller.loop(id, 10), threads));
                }
                lock.rollback();
            }
            first.get(10, TimeUnit.SECONDS).then().statusCode(200);
            second.get(10, TimeUnit.SECONDS).then().statusCode(200);
            for (CompletableFuture<String> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo("ok");
            }
            assertThat(metric("cofounder_http_parks_total") - parksBefore)
                    .as("connections were parked while requests waited").isPositive();
            await().atMost(Duration.ofSeconds(10)).until(() -> metric("cofounder_http_connections_parked") == 0
                    && metric("cofounder_http_requests_waiting") == 0 && metric("cofounder_http_requests_in_flight") == 0);

            // Quiet now; a caller that comes back later on the same connection is read and answered.
            Thread.sleep(500);
            for (int i = 0; i < CALLERS; i++) {
                callers.get(i).send(ids.get(i));
            }
            for (int i = 0; i < CALLERS; i++) {
                assertThat(callers.get(i).receive()).contains("\"id\":\"" + ids.get(i) + "\"");
            }
        } finally {
            for (Caller caller : callers) {
                caller.close();
            }
        }
    }

    /** One keep-alive HTTP/1.1 connection, written and read by hand so that it is one connection. */
    private static final class Caller implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Caller(int port) throws IOException {
            socket = new Socket("localhost", port);
            socket.setSoTimeout(20_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
        }

        void send(UUID id) throws IOException {
            out.write(("GET /api/tasks/" + id + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** The body of a 200 answer; anything else fails. */
        String receive() throws IOException {
            String status = line();
            int length = -1;
            for (String header = line(); !header.isEmpty(); header = line()) {
                if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Integer.parseInt(header.substring(15).trim());
                }
            }
            if (length < 0) {
                throw new IOException("no Content-Length after " + status);
            }
            byte[] body = in.readNBytes(length);
            String text = new String(body, StandardCharsets.UTF_8);
            if (!status.startsWith("HTTP/1.1 200")) {
                throw new IOException(status + ": " + text);
            }
            return text;
        }

        /** Reads the answer to the request already sent, then sends and reads {@code rounds} more. */
        String loop(UUID id, int rounds) {
            try {
                for (int round = 0; round <= rounds; round++) {
                    String body = receive();
                    if (!body.contains("\"id\":\"" + id + "\"")) {
                        return "round " + round + " answered " + body;
                    }
                    if (round < rounds) {
                        send(id);
                    }
                }
                return "ok";
            } catch (IOException e) {
                return e.toString();
            }
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private CompletableFuture<Response> patchAsync(UUID id, String body) {
        return CompletableFuture.supplyAsync(() -> given().contentType("application/json")
                .body(body).patch("/api/tasks/" + id), threads);
    }
}
