package com.gladlabs.cofounder.events;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import com.gladlabs.cofounder.common.db.DatabaseConfig;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Follows the change feed and fans its events out to this replica's subscribers and listeners.
 * Every {@code feed-interval} it sequences what was committed since (when no other replica is doing
 * it at that moment) and reads the feed from where it stopped, so it publishes every change exactly
 * once and in position order, across database outages too. Every replica reads the same feed, so
 * the same change has the same position everywhere. Delivery to one subscriber never waits for
 * another: each has its own bounded backlog and is dropped when it stops reading; it then resumes
 * from its last position.
 */
@ApplicationScoped
public class TaskEventHub {

    private static final Logger LOG = Logger.getLogger(TaskEventHub.class);
    /** Events read from the feed per statement. */
    static final int READ_PAGE = 1000;
    private static final long RETRY_AFTER_FAILURE_MS = 1000;

    /** Something that receives events: an SSE stream or a WebSocket connection. */
    public interface Subscriber {
        /**
         * Takes the event if this subscriber is following live events and wants it; never waits.
         * A subscriber too far behind closes itself.
         */
        void offer(TaskEvent event);

        /**
         * Ends the stream: this replica is shutting down, or cannot continue it without a hole. The
         * client reconnects (elsewhere) and resumes from its last position.
         */
        void end(String reason);
    }

    private final ChangeFeed feed;
    private final EventsConfig config;
    private final DatabaseConfig database;
    private final Vertx vertx;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final List<Consumer<TaskEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> gapListeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicBoolean busy = new AtomicBoolean();
    /** The last position published here; -1 until the feed was first reached. */
    private volatile long position = -1;
    private volatile boolean closing;
    private volatile boolean stopped;
    private volatile boolean failing;
    private volatile long retryAt;
    private long timer = -1;

    public TaskEventHub(ChangeFeed feed, EventsConfig config, DatabaseConfig database, Vertx vertx,
            MeterRegistry registry) {
        this.feed = feed;
        this.config = config;
        this.database = database;
        this.vertx = vertx;
        Gauge.builder("cofounder_event_subscribers", count, AtomicInteger::get)
                .description("SSE and WebSocket clients this replica streams task events to").register(registry);
        Gauge.builder("cofounder_event_feed_position", this, hub -> Math.max(hub.position, 0))
                .description("Position of the last task change this replica published").register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (database.migrateOnly()) {
            return;
        }
        timer = vertx.setPeriodic(config.feedInterval().toMillis(), id -> follow());
        follow();
    }

    /**
     * Shutdown begins: event streams never finish by themselves, so they are ended first; the
     * graceful shutdown then waits only for ordinary requests in flight. New subscribers are refused
     * from here on.
     */
    void shutdown(@Observes ShutdownDelayInitiatedEvent event) {
        closing = true;
        int open = count.get();
        subscribers.forEach(s -> s.end("server shutting down; reconnect"));
        if (open > 0) {
            LOG.infof("Shutting down: ended %d event stream(s)", open);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        vertx.cancelTimer(timer);
    }

    /** Calls the listener with every event this replica publishes from now on, on a Vert.x thread. */
    public void listen(Consumer<TaskEvent> listener) {
        listeners.add(listener);
    }

    /**
     * Calls the listener whenever this replica skips changes it could not read (trimmed from the feed
     * before it got to them, or a feed that went back): what listeners built from events may be stale.
     */
    public void onGap(Runnable listener) {
        gapListeners.add(listener);
    }

    /** Adds a subscriber; false when this replica already serves as many as it may. */
    public boolean register(Subscriber subscriber) {
        if (closing) {
            return false;
        }
        if (count.incrementAndGet() > config.maxSubscribers()) {
            count.decrementAndGet();
            return false;
        }
        subscribers.add(subscriber);
        return true;
    }

    public void unregister(Subscriber subscriber) {
        if (subscribers.remove(subscriber)) {
            count.decrementAndGet();
        }
    }

    /** Whether this replica has begun to shut down (and so refuses new subscribers). */
    public boolean closing() {
        return closing;
    }

    /** Whether one more subscriber would be refused. */
    public boolean full() {
        return closing || count.get() >= config.maxSubscribers();
    }

    public int subscribers() {
        return count.get();
    }

    /**
     * The last position published to subscribers; -1 before the feed was first reached. Set before
     * the event is offered, so a subscriber that finds its replay caught up with this position
     * receives every later event live.
     */
    long position() {
        return position;
    }

    ChangeFeed feed() {
        return feed;
    }

    /** One round: sequence, then read up to the head. Rounds never overlap. */
    private void follow() {
        if (stopped || System.currentTimeMillis() < retryAt || !busy.compareAndSet(false, true)) {
            return;
        }
        firstContact()
                .chain(ignored -> feed.advance())
                .call(advance -> catchUp(advance.head()))
                .subscribe().with(advance -> {
                    busy.set(false);
                    if (failing) {
                        failing = false;
                        LOG.info("Task change feed reachable again");
                    }
                    if (advance.moved() == ChangeFeed.SEQUENCE_BATCH && !stopped) {
                        vertx.runOnContext(this::follow); // more was waiting
                    }
                }, failure -> {
                    busy.set(false);
                    retryAt = System.currentTimeMillis() + RETRY_AFTER_FAILURE_MS;
                    if (!failing && !stopped) {
                        failing = true;
                        LOG.warnf("Task change feed unreachable, retrying every %d ms: %s", RETRY_AFTER_FAILURE_MS,
                                failure.getMessage());
                    }
                });
    }

    /**
     * The first time this replica reaches the feed, it starts from the head as it is before its own
     * sequencer runs: changes committed meanwhile but not yet numbered (its subscribers may have
     * been waiting for them since before the feed was reachable) are then published, not skipped.
     */
    private Uni<Void> firstContact() {
        if (position >= 0) {
            return Uni.createFrom().voidItem();
        }
        return feed.head().invoke(head -> position = head).replaceWithVoid();
    }

    private Uni<Void> catchUp(long head) {
        long from = position;
        if (head <= from) {
            if (head < from) {
                lost("the feed's head went back from " + from + " to " + head + " (database restored or recreated?)", head);
            }
            return Uni.createFrom().voidItem();
        }
        return feed.read(from, READ_PAGE).chain(page -> {
            if (!page.continues(from)) {
                lost("changes after position " + from + " were trimmed before this replica read them", page.head());
                return Uni.createFrom().voidItem();
            }
            publish(page.events());
            return catchUp(page.head());
        });
    }

    private void publish(List<TaskEvent> events) {
        for (TaskEvent event : events) {
            position = event.position();
            for (Subscriber subscriber : subscribers) {
                subscriber.offer(event);
            }
            for (Consumer<TaskEvent> listener : listeners) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    LOG.warnf(e, "A task event listener failed on position %d", event.position());
                }
            }
        }
    }

    /**
     * This replica cannot go on from where it is: its subscribers' streams would have a hole. Each
     * is ended; clients reconnect, resume from their last position and are told to re-read their
     * state if that position is gone.
     */
    private void lost(String why, long head) {
        LOG.warnf("Task change feed: %s; ending %d event stream(s), continuing at position %d", why, count.get(), head);
        position = head;
        subscribers.forEach(s -> s.end("stream interrupted; reconnect and resume"));
        gapListeners.forEach(Runnable::run);
    }
}
