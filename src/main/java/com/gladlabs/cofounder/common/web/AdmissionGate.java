package com.gladlabs.cofounder.common.web;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
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
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger waitingCount = new AtomicInteger();
    private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();

    public AdmissionGate(WebConfig config, MeterRegistry registry) {
        this.limit = config.maxInFlight();
        Gauge.builder("cofounder_http_requests_in_flight", inFlight, AtomicInteger::get)
                .description("API requests being handled (at most cofounder.http.max-in-flight)").register(registry);
        Gauge.builder("cofounder_http_requests_waiting", waitingCount, AtomicInteger::get)
                .description("API requests waiting for one of those in flight to finish").register(registry);
    }

    private record Waiting(RoutingContext ctx, Context context) {
    }

    void install(@Observes Router router) {
        if (limit <= 0) {
            return;
        }
        router.route("/api/*").order(ORDER).handler(this::admit);
    }

    private void admit(RoutingContext ctx) {
        if (longLived(ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        if (waiting.isEmpty() && tryTakeSlot()) {
            proceed(ctx);
            return;
        }
        waitingCount.incrementAndGet();
        waiting.add(new Waiting(ctx, Vertx.currentContext()));
        drain();
    }

    static boolean longLived(String path) {
        return path.startsWith("/api/ws/") || path.equals("/api/tasks/events") || path.equals("/api/tasks/events/");
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
        ctx.addEndHandler(ignored -> release());
        ctx.next();
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
                    proceed(next.ctx());
                }
            });
        }
    }

    private void release() {
        inFlight.decrementAndGet();
        drain();
    }
}
