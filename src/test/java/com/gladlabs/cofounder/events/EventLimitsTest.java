package com.gladlabs.cofounder.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.TasksTable;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/** The subscriber cap and the slow-client rule, with limits small enough to reach in a test. */
@QuarkusTest
@TestProfile(EventLimitsTest.SmallLimits.class)
class EventLimitsTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cofounder.events.max-subscribers", "3", "cofounder.events.buffer-size", "16",
                    "cofounder.events.slow-client-grace", "500ms", "cofounder.events.heartbeat", "1s");
        }
    }

    @TestHTTPResource("/api/tasks/events")
    URI events;

    @TestHTTPResource("/api/ws/tasks")
    URI socket;

    final TasksTable table = TasksTable.get();

    @Inject
    TaskEventHub hub;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<SseClient> clients = new ArrayList<>();

    @BeforeEach
    void empty() {
        table.clear();
        awaitSubscribers(0);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(SseClient::close);
    }

    private void awaitSubscribers(int count) {
        Awaitility.await("subscribers = " + count).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(hub::subscribers, n -> n == count);
    }

    @Test
    void beyondTheCapSubscribersGet503UntilOneLeaves() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            SseClient client = SseClient.open(http, events);
            clients.add(client);
            client.awaitSubscribed();
        }
        given().accept("text/event-stream").get("/api/tasks/events").then().statusCode(503)
                .contentType("application/problem+json").header("Retry-After", notNullValue())
                .body("status", equalTo(503));
        URI ws = URI.create(socket.toString().replaceFirst("^http", "ws"));
        assertThatThrownBy(() -> http.newWebSocketBuilder().buildAsync(ws, new WebSocket.Listener() {
        }).join()).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(503));

        clients.remove(0).close();
        awaitSubscribers(2); // noticed at the next heartbeat at the latest
        SseClient again = SseClient.open(http, events);
        clients.add(again);
        again.awaitSubscribed();
    }

    @Test
    void clientThatFallsBehindIsDisconnectedWithoutDelayingTheOthers() throws Exception {
        SseClient fast = SseClient.open(http, events);
        clients.add(fast);
        fast.awaitSubscribed();
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(1024);
            slow.connect(new InetSocketAddress(events.getHost(), events.getPort()));
            OutputStream out = slow.getOutputStream();
            out.write(("GET " + events.getPath() + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitSubscribers(2);

            // One statement, 30,000 events: the slow client never reads a byte.
            table.execute("INSERT INTO tasks (id, title) SELECT gen_random_uuid(), 'burst ' || i FROM generate_series(1, 30000) AS i");

            int received = 0;
            while (received < 30000) {
                assertThat(fast.next(Duration.ofSeconds(30)).name()).isEqualTo("task.created");
                received++;
            }
            awaitSubscribers(1);
            assertThat(fast.ended()).isFalse();
        }
    }

    @Test
    void webSocketClientThatStopsReadingIsDropped() throws Exception {
        URI ws = URI.create(socket.toString().replaceFirst("^http", "ws"));
        WebSocket client = http.newWebSocketBuilder().buildAsync(ws, new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket webSocket) {
                // Never request a message: the client reads nothing, so it falls behind.
            }

        }).join();
        awaitSubscribers(1);
        table.execute("INSERT INTO tasks (id, title) SELECT gen_random_uuid(), 'burst ' || i FROM generate_series(1, 30000) AS i");
        awaitSubscribers(0); // dropped (close code 1008) once it took nothing for a whole grace period
        client.abort();
    }
}
