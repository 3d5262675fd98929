package com.gladlabs.cofounder.events;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.gladlabs.cofounder.Tokens;

import io.vertx.core.json.JsonObject;

/** A WebSocket client over java.net.http that collects the text messages and close codes it receives. */
public final class WsClient implements WebSocket.Listener {

    public static final Duration WAIT = Duration.ofSeconds(10);

    public final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    public final BlockingQueue<Integer> closed = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    /** Connects to the endpoint at the given http(s) URL (as the tests' {@code @TestHTTPResource} gives it). */
    public static WsClient open(HttpClient http, URI httpUrl) {
        WsClient client = new WsClient();
        URI ws = URI.create(httpUrl.toString().replaceFirst("^http", "ws"));
        client.socket = Tokens.authorized(http.newWebSocketBuilder()).buildAsync(ws, client).join();
        return client;
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    /** The next message, as JSON; fails the test when none comes within {@link #WAIT}. */
    public JsonObject next() throws InterruptedException {
        String message = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("No WebSocket message within " + WAIT);
        }
        return new JsonObject(message);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            received.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.add(statusCode);
        return null;
    }
}
