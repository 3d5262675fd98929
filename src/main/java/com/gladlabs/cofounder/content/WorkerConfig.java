package com.gladlabs.cofounder.content;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The content worker of this replica (env: COFOUNDER_WORKER_*). */
@ConfigMapping(prefix = "cofounder.worker")
public interface WorkerConfig {

    /** Off on an API-only replica. */
    @WithDefault("true")
    boolean enabled();

    /** Content tasks generated at once by this replica. */
    @WithDefault("4")
    int concurrency();

    /** How often the queue is looked at even without a notification. */
    @WithDefault("5s")
    Duration pollInterval();

    /** A task in progress with no progress report for this long is taken as orphaned. */
    @WithDefault("5m")
    Duration lease();

    /** Attempts before a task that keeps failing is marked failed. */
    @WithDefault("3")
    int maxAttempts();

    /** On shutdown, how long running generations may take to finish before they are released. */
    @WithDefault("10s")
    Duration shutdownTimeout();
}
