package com.gladlabs.cofounder.events;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.mutiny.core.Vertx;

/**
 * One client's events handed over but not yet written. Once more than buffer-size are waiting (or
 * a replay waits for its page to be written), the client is watched until it has taken everything:
 * if a whole grace period passes without a single event written to it, it is stuck and is dropped.
 * A client that is busy catching up after a burst (one statement changing many tasks) keeps
 * writing and stays; a client that stopped reading does not.
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
        if (unwritten.incrementAndGet() > config.bufferSize()) {
            watch();
        }
    }

    void written() {
        unwritten.decrementAndGet();
        written.incrementAndGet();
    }

    /** The caller waits for everything handed over to be written: watch it whatever the count. */
    void awaitingAll() {
        if (unwritten.get() > 0) {
            watch();
        }
    }

    private void watch() {
        if (watching.compareAndSet(false, true)) {
            check(written.get());
        }
    }

    private void check(long writtenBefore) {
        vertx.setTimer(config.slowClientGrace().toMillis(), id -> {
            if (unwritten.get() <= 0) {
                watching.set(false);
            } else if (written.get() == writtenBefore) {
                tooSlow.run();
            } else {
                check(written.get());
            }
        });
    }
}
