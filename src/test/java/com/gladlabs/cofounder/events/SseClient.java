package com.gladlabs.cofounder.events;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal Server-Sent Events client over java.net.http, reading lines as they arrive. It keeps
 * the last event id as a browser does (an {@code id:} line counts even without data), to reconnect
 * with it as {@code Last-Event-ID}.
 */
final class SseClient implements Flow.Subscriber<String> {

    record Event(String name, String id, String data) {

        long position() {
            return Long.parseLong(id);
        }
    }

    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private CompletableFuture<HttpResponse<Void>> response;
    private Flow.Subscription subscription;
    private String name;
    private String id;
    private StringBuilder data;
    private volatile String lastEventId;
    private boolean comment;

    static SseClient open(HttpClient http, URI uri) {
        return open(http, uri, null);
    }

    /** Opens the stream, resuming after lastEventId when it is not null. */
    static SseClient open(HttpClient http, URI uri, String lastEventId) {
        return open(http, HttpRequest.newBuilder(uri), lastEventId);
    }

    /** Opens the stream with the given request (a token, say), resuming after lastEventId when it is not null. */
    static SseClient open(HttpClient http, HttpRequest.Builder request, String lastEventId) {
        SseClient client = new SseClient();
        request.header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        client.response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.fromLineSubscriber(client));
        return client;
    }

    /** The id a browser would send on reconnecting: the last id: line read, with or without data. */
    String lastEventId() {
        return lastEventId;
    }


    /** Waits until the server confirmed the subscription (its first comment, with the id: sent beside it). */
    SseClient awaitSubscribed() throws InterruptedException {
        if (!subscribed.await(20, TimeUnit.SECONDS)) {
            throw new AssertionError("The event stream did not open");
        }
        return this;
    }

    Event next(Duration timeout) throws InterruptedException {
        Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("No event within " + timeout);
        }
        return event;
    }

    boolean ended() {
        return ended.isDone();
    }

    void close() {
        if (subscription != null) {
            subscription.cancel();
        }
        if (response != null) {
            response.cancel(true);
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
        if (line.isEmpty()) {
            if (id != null) {
                lastEventId = id;
            }
            if (comment) {
                subscribed.countDown(); // the block with the first comment (and its id:) is complete
            }
            comment = false;
            if (data != null) {
                events.add(new Event(name, id, data.toString()));
            }
            name = null;
            id = null;
            data = null;
        } else if (line.startsWith(":")) {
            comment = true;
        } else if (line.startsWith("event:")) {
            name = line.substring(6).trim();
        } else if (line.startsWith("id:")) {
            id = line.substring(3).trim();
        } else if (line.startsWith("data:")) {
            data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(5).trim());
        }
    }

    @Override
    public void onError(Throwable throwable) {
        ended.complete(null);
    }

    @Override
    public void onComplete() {
        ended.complete(null);
    }
}
