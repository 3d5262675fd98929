package com.gladlabs.cofounder.task;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How tasks are written (env: COFOUNDER_TASKS_*). */
@ConfigMapping(prefix = "cofounder.tasks")
public interface TaskConfig {

    /**
     * Transactions of new tasks each event loop keeps in flight. Creates that arrive while that many
     * are running wait for the next one and commit together in it, each still answered only after its
     * own row committed; 0 gives every create its own transaction.
     */
    @WithDefault("2")
    int createsInFlight();

    /** Most new tasks in one transaction. */
    @WithDefault("64")
    int createBatchMax();
}
