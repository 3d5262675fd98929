package com.gladlabs.cofounder.common.problem;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Answers a declared body over {@code quarkus.http.limits.max-body-size} with a problem+json 413
 * before anything reads it. Quarkus enforces the same limit one step later (order -2), but with an
 * empty body; this route runs first so that the caller learns what went wrong. A chunked body, which
 * declares no length, is read here within the limit.
 */
@ApplicationScoped
public class BodySizeLimit {

    private final long limit;
    private final byte[] problem;
    private final BodyHandler chunkedBodies;

    public BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit,
            ObjectMapper json) throws JsonProcessingException {
        this.limit = limit.asLongValue();
        this.chunkedBodies = BodyHandler.create(false).setBodyLimit(this.limit);
        this.problem = json.writeValueAsBytes(new Problem(ProblemMapper.typeUri("payload-too-large"),
                "Payload too large", 413, "The request body is larger than the limit of " + this.limit + " bytes",
                null, null));
    }

    void install(@Observes Router router) {
        router.route().order(-3).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length == null && ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
                // A chunked body declares no size: read it here, within the limit, so that going past it
                // fails the route (413 problem+json via RouteFailures) instead of Quarkus' empty 413.
                chunkedBodies.handle(ctx);
            } else if (length != null && exceeds(length)) {
                ctx.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(io.vertx.core.buffer.Buffer.buffer(problem));
            } else {
                ctx.next();
            }
        });
    }

    private boolean exceeds(String length) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // the HTTP layer answers a malformed Content-Length itself
        }
    }
}
