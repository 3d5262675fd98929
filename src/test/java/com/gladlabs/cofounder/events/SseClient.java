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

/** A minimal Server-Sent Events client over java.net.http, reading lines as they arrive. */
final class SseClient implements Flow.Subscriber<String> {

    record Event(String name, String id, String data) {
    }

    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private CompletableFuture<HttpResponse<Void>> response;
    private Flow.Subscription subscription;
    private String name;
    private String id;
    private StringBuilder data;

    static SseClient open(HttpClient http, URI uri) {
        SseClient client = new SseClient();
        client.response = http.sendAsync(HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.fromLineSubscriber(client));
        return client;
    }

    /** Waits until the server confirmed the subscription (its first comment line). */
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
            if (data != null) {
                events.add(new Event(name, id, data.toString()));
            }
            name = null;
            id = null;
            data = null;
        } else if (line.startsWith(":")) {
            subscribed.countDown();
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
