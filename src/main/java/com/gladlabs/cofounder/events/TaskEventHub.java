package com.gladlabs.cofounder.events;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import com.gladlabs.cofounder.common.db.PgNotifications;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Fans the database's task events out to this replica's subscribers. Every replica listens to
 * the same channel, so clients on different replicas see the same events. Delivery to one
 * subscriber never waits for another: each has its own bounded buffer and is dropped when it
 * falls behind.
 */
@ApplicationScoped
public class TaskEventHub {

    static final String CHANNEL = "task_events";
    private static final Logger LOG = Logger.getLogger(TaskEventHub.class);

    /** Something that receives events: an SSE stream or a WebSocket connection. */
    public interface Subscriber {
        TaskEventFilter filter();

        /** Hands the event over without waiting; a subscriber too far behind closes itself. */
        void deliver(TaskEvent event);

        /** Ends the stream because this replica is shutting down; the client reconnects elsewhere. */
        void end();
    }

    private final PgNotifications notifications;
    private final EventsConfig config;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private volatile boolean closing;

    public TaskEventHub(PgNotifications notifications, EventsConfig config, MeterRegistry registry) {
        this.notifications = notifications;
        this.config = config;
        Gauge.builder("cofounder_event_subscribers", count, AtomicInteger::get)
                .description("SSE and WebSocket clients this replica streams task events to").register(registry);
    }

    void start(@Observes StartupEvent event) {
        notifications.listen(CHANNEL, this::publish);
    }

    /**
     * Shutdown begins: event streams never finish by themselves, so they are ended first; the
     * graceful shutdown then waits only for ordinary requests in flight. New subscribers are refused
     * from here on.
     */
    void shutdown(@Observes ShutdownDelayInitiatedEvent event) {
        closing = true;
        int open = count.get();
        subscribers.forEach(Subscriber::end);
        if (open > 0) {
            LOG.infof("Shutting down: ended %d event stream(s)", open);
        }
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

    void publish(String payload) {
        TaskEvent event;
        try {
            event = TaskEvent.parse(payload);
        } catch (RuntimeException e) {
            LOG.warnf("Ignored a malformed task event: %s", e.getMessage());
            return;
        }
        for (Subscriber subscriber : subscribers) {
            if (subscriber.filter().matches(event)) {
                subscriber.deliver(event);
            }
        }
    }
}
