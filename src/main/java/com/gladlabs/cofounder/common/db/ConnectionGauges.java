package com.gladlabs.cofounder.common.db;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Leaves out the two gauges of the Vert.x clients' metrics that describe one connection, not the client.
 * Vert.x 4's PostgreSQL and Redis clients make their metrics for each connection they open, and Quarkus
 * registers each one's gauges of requests in flight ({@code postgresql.current}, {@code redis.current})
 * and waiting ({@code *.queue.size}) under the same name and tags: Micrometer keeps the first
 * connection's, ignores every later one, and warns at every start. Such a gauge showed one connection's
 * requests out of the pool's, a figure an operator would read as the whole client's. The pool's own gauges
 * ({@code sql_pool_active}, {@code sql_pool_queue_size}, {@code sql_pool_idle}) describe the pool, and the
 * clients' timers and counters ({@code postgresql.processing}, {@code postgresql.queue.delay},
 * {@code postgresql.completed}, {@code postgresql.reset}, the same for Redis) add every connection's
 * requests up, so they stay.
 */
@Singleton
public class ConnectionGauges {

    @Produces
    @Singleton
    MeterFilter perConnectionGauges() {
        return new MeterFilter() {
            @Override
            public MeterFilterReply accept(Meter.Id id) {
                return perConnection(id) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
            }
        };
    }

    static boolean perConnection(Meter.Id id) {
        return id.getType() == Meter.Type.GAUGE && id.getTag("clientType") != null
                && (id.getName().endsWith(".current") || id.getName().endsWith(".queue.size"));
    }
}
