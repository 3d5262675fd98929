package com.gladlabs.cofounder.common.web;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Works on at most {@code cofounder.http.max-in-flight} API requests at once; the others wait, in
 * the order they came, before any of their handling is set up. A request that is being handled
 * carries its request scope, security identity, context propagation and framework state (about
 * 12 KB); one that waits here is only its parsed HTTP request, still paused (Quarkus pauses every
 * request before routing, and nothing has read its body yet): about 5 KB with its connection. With
 * 10,000 callers at once that is the difference between full collections stopping both event loops
 * most of the time and a fraction of it (bench/README, issue 13 sixth pass).
 *
 * <p>Event streams and WebSockets live as long as their client and are not counted; nor is
 * anything outside {@code /api} (probes and metrics answer whatever the API's load). A waiting
 * request whose caller went away is dropped when its turn comes. Runs before the request id, the
 * shutdown gate, the body-size check and access control: a request that waited goes through all of
 * them when its turn comes (during shutdown it is then refused with 503).
 *
 * <p>Beyond {@code cofounder.http.read-ahead} waiting requests, the gate stops reading keep-alive
 * connections whose response just ended ("parks" them): with 10,000 callers in a closed loop, every
 * caller's next request used to be read at once and wait here for the queue to turn over (close to
 * a second), long enough for its 5 KB to outlive young collections and fill the old generation, so
 * full collections stopped both event loops for a third of the time. A parked connection is only
 * its channel; its caller's request waits in the kernel's socket buffer. Connections are read
 * again in the order they were parked: one for each request that leaves the gate, and all of them
 * whenever nothing waits, so a parked connection always has a request ahead of it that will wake
 * it. Pausing a connection's reads is Vert.x' own back-pressure mechanism ({@code ConnectionBase}
 * {@code doPause}/{@code doResume}, which the HTTP/1.x server uses when a request body arrives
 * faster than it is read); Vert.x 4 has no public API for it between requests.
 */
@ApplicationScoped
public class AdmissionGate {

    /**
     * Before Quarkus' HTTP filters, the authentication filter (order -200) first: it gives every
     * request a deferred security identity, a chain of memoized, context-capturing Unis (about 1.5 KB
     * per request) that a waiting request need not carry.
     */
    static final int ORDER = -201;

    private final int limit;
    private final int readAhead;
    private volatile boolean parking;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger waitingCount = new AtomicInteger();
    private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger parkedCount = new AtomicInteger();
    private final ConcurrentLinkedQueue<Parked> parked = new ConcurrentLinkedQueue<>();
    private final Counter parks;

    public AdmissionGate(WebConfig config, MeterRegistry registry) {
        this.limit = config.maxInFlight();
        this.readAhead = config.readAhead();
        this.parking = limit > 0 && readAhead > 0;
        Gauge.builder("cofounder_http_requests_in_flight", inFlight, AtomicInteger::get)
                .description("API requests being handled (at most cofounder.http.max-in-flight)").register(registry);
        Gauge.builder("cofounder_http_requests_waiting", waitingCount, AtomicInteger::get)
                .description("API requests waiting for one of those in flight to finish").register(registry);
        Gauge.builder("cofounder_http_connections_parked", parkedCount, AtomicInteger::get)
                .description("Keep-alive connections not read until requests waiting ahead of them are admitted")
                .register(registry);
        parks = Counter.builder("cofounder_http_parks").description(
                "Times a keep-alive connection was left unread after its response because enough requests waited")
                .register(registry);
    }

    private record Waiting(RoutingContext ctx, Context context) {
    }

    private record Parked(ConnectionBase connection, long since) {
    }

    /**
     * The request context local Quarkus' HTTP metrics take the {@code uri} tag from before anything
     * else, and the value a waiting request carries there until it is admitted. A caller who leaves
     * while its request waits is counted at once (status {@code RESET}) under whatever that request
     * was routed to so far; here, before any endpoint, that is only this gate's {@code /api/*}, which
     * Quarkus would replace by the raw path: one time series per task id, until the 100 URI tags of
     * {@code http.server.requests} are used up and every endpoint not yet seen goes uncounted for the
     * life of the process (seen after one 10,000-connection run).
     */
    private static final String URI_TEMPLATE = "UrlPathTemplate";
    private static final String WAITING_URI = "/api/*";

    /** A connection parked five seconds is read again even while the queue is full (new connections never starve it). */
    private static final long MAX_PARKED_NANOS = 5_000_000_000L;

    void install(@Observes Router router) {
        if (limit <= 0) {
            return;
        }
        // No path on the route (what /api/* matches is checked by hand): a route with a path is reported to the
        // metrics on every request it matches, a context-local write each time.
        router.route().order(ORDER).handler(this::admit);
    }

    private void admit(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (!path.startsWith("/api/") && !path.equals("/api") || longLived(path)) {
            ctx.next();
            return;
        }
        if (waiting.isEmpty() && tryTakeSlot()) {
            proceed(ctx);
            return;
        }
        waitingCount.incrementAndGet();
        requestContext(ctx).putLocal(URI_TEMPLATE, WAITING_URI);
        waiting.add(new Waiting(ctx, Vertx.currentContext()));
        drain();
    }

    /** No API request in flight, waiting or parked at this moment (event streams and WebSockets are not counted). */
    public boolean quiet() {
        return inFlight.get() == 0 && waitingCount.get() == 0 && parkedCount.get() == 0;
    }

    static boolean longLived(String path) {
        return path.startsWith("/api/ws/") || path.equals("/api/tasks/events") || path.equals("/api/tasks/events/");
    }

    private static Context requestContext(RoutingContext ctx) {
        return ((HttpServerRequestInternal) ctx.request()).context();
    }

    private boolean tryTakeSlot() {
        for (;;) {
            int n = inFlight.get();
            if (n >= limit) {
                return false;
            }
            if (inFlight.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    private void proceed(RoutingContext ctx) {
        ctx.addEndHandler(ended -> {
            if (ended.succeeded() && parking && (waitingCount.get() >= readAhead || parkedCount.get() > 0)) {
                park(ctx.request());
            }
            release();
        });
        ctx.next();
    }

    /**
     * Stops reading the connection whose response just ended. Runs inside the response's end, on the
     * connection's event loop, before that loop can read the caller's next request.
     */
    private void park(HttpServerRequest request) {
        if (request.version() == HttpVersion.HTTP_2 || !(request.connection() instanceof ConnectionBase connection)
                || !connection.getContext().nettyEventLoop().inEventLoop()
                || !connection.channel().isActive() || !connection.channel().config().isAutoRead()) {
            return; // multiplexed, ended off its loop, closing, or already paused by Vert.x itself
        }
        connection.doPause();
        parkedCount.incrementAndGet();
        parks.increment();
        parked.add(new Parked(connection, System.nanoTime()));
    }

    /**
     * Reads parked connections again, oldest first. While requests wait, the queue is kept near
     * {@code read-ahead}: two connections are read for each request that leaves while fewer than
     * half of that wait, one while fewer than all of it, none beyond (the oldest still is once it
     * has been parked five seconds, so that new connections cannot starve it). A woken caller's
     * request arrives when its client has sent it, so under load the queue can run dry for a
     * moment: requests are then admitted as they come, and nobody else is woken for it. Every
     * parked connection is read when the service falls idle (nothing waits, nothing in flight).
     * Whenever one is parked, a request is in flight or waiting whose end runs this again, so none
     * is ever left unread.
     */
    private void unpark() {
        if (parkedCount.get() == 0) {
            return;
        }
        int waitingNow = waitingCount.get();
        boolean all = !parking || (waitingNow == 0 && inFlight.get() == 0);
        int wake = all ? Integer.MAX_VALUE : waitingNow < readAhead / 2 ? 2 : waitingNow < readAhead ? 1 : 0;
        while (parkedCount.get() > 0) {
            Parked next = parked.peek();
            if (next == null) {
                return;
            }
            if (wake == 0 && System.nanoTime() - next.since() < MAX_PARKED_NANOS) {
                return;
            }
            if (!parked.remove(next)) {
                continue; // another thread took it
            }
            parkedCount.decrementAndGet();
            ConnectionBase connection = next.connection();
            if (connection.channel().isActive()) {
                connection.getContext().nettyEventLoop().execute(connection::doResume);
                if (wake > 0 && --wake == 0 && !all) {
                    return;
                }
            }
        }
    }

    /** From the start of shutdown on, every connection is read, so that its request gets an answer. */
    void shutdownStarts(@Observes ShutdownDelayInitiatedEvent event) {
        parking = false;
        unpark();
    }

    /** Hands free slots to waiting requests; runs after every change to either. */
    private void drain() {
        while (!waiting.isEmpty() && tryTakeSlot()) {
            Waiting next = waiting.poll();
            if (next == null) {
                inFlight.decrementAndGet();
                continue;
            }
            waitingCount.decrementAndGet();
            // On the request's own context (its event loop, its MDC), never inside the caller's stack.
            next.context().runOnContext(ignored -> {
                if (next.ctx().response().closed() || next.ctx().response().ended()) {
                    release(); // its caller went away while it waited
                } else {
                    // Its endpoint names it from here on (RESTEasy's filter at -199 also sets it).
                    requestContext(next.ctx()).removeLocal(URI_TEMPLATE);
                    proceed(next.ctx());
                }
            });
        }
    }

    private void release() {
        inFlight.decrementAndGet();
        drain();
        unpark();
    }
}
