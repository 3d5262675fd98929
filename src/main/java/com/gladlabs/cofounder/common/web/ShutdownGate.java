package com.gladlabs.cofounder.common.web;

import java.time.Duration;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gladlabs.cofounder.common.db.DatabaseFailure;
import com.gladlabs.cofounder.common.problem.Problem;
import com.gladlabs.cofounder.common.problem.ProblemMapper;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Stops taking new work once shutdown has begun. SIGTERM first turns readiness DOWN and, for
 * {@code quarkus.shutdown.delay}, keeps serving while load balancers stop routing here; after that
 * every new API request is answered at once with 503 problem+json, {@code Retry-After} and
 * {@code Connection: close}, while requests already in flight finish (Quarkus waits for them up to
 * {@code quarkus.shutdown.timeout}). The {@code /q/} endpoints keep answering, so probes report
 * the truth (ready DOWN, live UP) until the process exits.
 */
@ApplicationScoped
public class ShutdownGate {

    private static final Logger LOG = Logger.getLogger(ShutdownGate.class);

    private final Duration delay;
    private final Buffer problem;
    private volatile boolean shuttingDown;
    private volatile long refuseFrom;

    public ShutdownGate(@ConfigProperty(name = "quarkus.shutdown.delay") Optional<Duration> delay, ObjectMapper json)
            throws JsonProcessingException {
        this.delay = delay.orElse(Duration.ZERO);
        this.problem = Buffer.buffer(json.writeValueAsBytes(new Problem(ProblemMapper.typeUri("shutting-down"),
                "Service unavailable", 503, "This replica is shutting down; retry, and another replica will answer",
                null, null)));
    }

    void shutdownStarts(@Observes ShutdownDelayInitiatedEvent event) {
        refuseFrom = System.nanoTime() + delay.toNanos();
        shuttingDown = true;
        LOG.infof("Shutdown started: new API requests are refused %s", delay.isZero() ? "from now" : "after " + delay);
    }

    void install(@Observes Router router) {
        router.route().order(-4).handler(ctx -> {
            if (refusing() && !ctx.normalizedPath().startsWith("/q/")) {
                ctx.response().setStatusCode(503)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader("Retry-After", DatabaseFailure.RETRY_AFTER_SECONDS)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(problem);
            } else {
                ctx.next();
            }
        });
    }

    private boolean refusing() {
        return shuttingDown && System.nanoTime() - refuseFrom >= 0;
    }
}
