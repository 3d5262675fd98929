package com.gladlabs.cofounder.common.security;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Headers every answer carries, errors from the earliest routes included: {@code nosniff}, so that
 * a browser never reinterprets a JSON or problem body as something it would run. No {@code Server}
 * header is sent at all (Vert.x adds none), so no version is advertised.
 */
@ApplicationScoped
public class SecurityHeaders {

    void install(@Observes Router router) {
        router.route().order(-6).handler(ctx -> {
            ctx.response().putHeader("X-Content-Type-Options", "nosniff");
            ctx.next();
        });
    }
}
