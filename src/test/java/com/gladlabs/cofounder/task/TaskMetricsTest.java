package com.gladlabs.cofounder.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;

/** The counts' refresh timer ends with the application (dev mode keeps Vert.x across reloads). */
class TaskMetricsTest {

    @Test
    void theRefreshTimerIsCancelledAtShutdown() {
        Vertx vertx = Vertx.vertx();
        // A real client to a port where nothing listens: the refreshes fail quietly, as with the database down.
        Pool pool = Pool.newInstance(PgBuilder.pool().connectingTo("postgresql://127.0.0.1:1/none")
                .using(vertx.getDelegate()).build());
        try {
            TaskMetrics metrics = new TaskMetrics(pool, vertx, new SimpleMeterRegistry());
            metrics.start(null);
            long timer = metrics.timer;
            assertThat(timer).isNotEqualTo(-1);

            metrics.stop(null);

            // cancelTimer answers whether a timer with that id was still there.
            assertThat(vertx.cancelTimer(timer)).isFalse();
        } finally {
            pool.closeAndAwait();
            vertx.closeAndAwait();
        }
    }
}
