package com.gladlabs.cofounder.task;

import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Test only: counts the reads by id that {@link TaskReadRoute} passed on to RESTEasy (a route right
 * after it, before RESTEasy's), so that a test can tell which of the two answered.
 */
@ApplicationScoped
public class PassedOnReads {

    private final AtomicInteger count = new AtomicInteger();

    void install(@Observes Router router) {
        router.get("/api/tasks/:id").order(TaskReadRoute.ORDER + 1).handler(ctx -> {
            count.incrementAndGet();
            ctx.next();
        });
    }

    int count() {
        return count.get();
    }
}
