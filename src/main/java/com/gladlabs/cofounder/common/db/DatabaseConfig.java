package com.gladlabs.cofounder.common.db;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long a request may wait on the database before it answers 503 (env: COFOUNDER_DB_*). */
@ConfigMapping(prefix = "cofounder.db")
public interface DatabaseConfig {

    /** Longest wait for a free pooled connection; past it the request answers 503. */
    @WithDefault("5s")
    Duration acquireTimeout();

    /** Longest wait to open a new connection to the server. */
    @WithDefault("3s")
    Duration connectTimeout();
}
