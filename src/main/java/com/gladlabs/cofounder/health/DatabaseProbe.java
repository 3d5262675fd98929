package com.gladlabs.cofounder.health;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/** One short round trip to the database, shared by the readiness check and /api/health. */
@ApplicationScoped
public class DatabaseProbe {

    private final Pool pool;
    private final HealthConfig config;

    public DatabaseProbe(Pool pool, HealthConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** The round trip in milliseconds; fails when the database does not answer in time. */
    public Uni<Long> roundTripMillis() {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return pool.query("SELECT 1").execute()
                    .ifNoItem().after(config.databaseTimeout()).fail()
                    .map(rows -> (System.nanoTime() - start) / 1_000_000);
        });
    }
}
