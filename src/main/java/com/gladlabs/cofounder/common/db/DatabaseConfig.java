package com.gladlabs.cofounder.common.db;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the service uses the database (env: COFOUNDER_DB_*). */
@ConfigMapping(prefix = "cofounder.db")
public interface DatabaseConfig {

    /** Longest wait for a free pooled connection; past it the request answers 503. */
    @WithDefault("5s")
    Duration acquireTimeout();

    /** Longest wait to open a new connection to the server. */
    @WithDefault("3s")
    Duration connectTimeout();

    /**
     * Apply the Flyway migrations, then exit 0 (a failed migration exits 1): the mode of the
     * once-per-release migration Job, so that replicas neither race nor wait on migrations.
     */
    @WithDefault("false")
    boolean migrateOnly();
}
