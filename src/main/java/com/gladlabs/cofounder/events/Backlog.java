package com.gladlabs.cofounder.events;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.mutiny.core.Vertx;

/**
 * One client's events handed over but not yet written. While more than buffer-size are waiting,
 * the client is watched: if a whole grace period passes without a single event written to it, it
 * is stuck and is dropped. A client that is busy catching up after a burst (one statement changing
 * many tasks) keeps writing and stays; a client that stopped reading does not.
 */
final class Backlog {

    private final Vertx vertx;
    private final EventsConfig config;
    private final Runnable tooSlow;
    private final AtomicInteger unwritten = new AtomicInteger();
    private final AtomicLong written = new AtomicLong();
    private final AtomicBoolean watching = new AtomicBoolean();

    Backlog(Vertx vertx, EventsConfig config, Runnable tooSlow) {
        this.vertx = vertx;
        this.config = config;
        this.tooSlow = tooSlow;
    }

    void handedOver() {
        if (unwritten.incrementAndGet() > config.bufferSize() && watching.compareAndSet(false, true)) {
            watch(written.get());
        }
    }

    void written() {
        unwritten.decrementAndGet();
        written.incrementAndGet();
    }

    private void watch(long writtenBefore) {
        vertx.setTimer(config.slowClientGrace().toMillis(), id -> {
            if (unwritten.get() <= config.bufferSize()) {
                watching.set(false);
            } else if (written.get() == writtenBefore) {
                tooSlow.run();
            } else {
                watch(written.get());
            }
        });
    }
}
