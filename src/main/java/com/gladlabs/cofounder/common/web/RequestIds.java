package com.gladlabs.cofounder.common.web;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

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
        return newId();
    }

    /**
     * A version 4 UUID from the thread's own generator: a request id must be unique, not
     * unguessable, and {@link UUID#randomUUID()} draws on the shared SecureRandom (1% of a read's CPU).
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(high, low).toString();
    }
}
