package com.gladlabs.cofounder.common.web;

import java.util.UUID;

import org.jboss.logging.MDC;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a sane one (1..128
 * visible ASCII characters), a new UUID otherwise. It is echoed in the response header and put in
 * the logging context, so that every log line of the request carries it (JSON field
 * {@code request_id} in prod, {@code [request_id]} in dev).
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "request_id";

    void install(@Observes Router router) {
        // Before everything else, the 413 check included, so that every answer carries the id.
        router.route().order(-5).handler(ctx -> {
            String id = usable(ctx.request().getHeader(HEADER));
            ctx.response().putHeader(HEADER, id);
            MDC.put(MDC_KEY, id); // stored on the request's own Vert.x context
            ctx.addEndHandler(ignored -> MDC.remove(MDC_KEY));
            ctx.next();
        });
    }

    static String usable(String given) {
        if (given != null && !given.isEmpty() && given.length() <= 128
                && given.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            return given;
        }
        return UUID.randomUUID().toString();
    }
}
