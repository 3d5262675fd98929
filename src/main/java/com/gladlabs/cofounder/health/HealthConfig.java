package com.gladlabs.cofounder.health;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "cofounder.health")
public interface HealthConfig {

    /** A database round trip slower than this counts as down (readiness and /api/health). */
    @WithDefault("2s")
    Duration databaseTimeout();
}
