package com.gladlabs.cofounder.task;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How tasks are written, read by id and listed (env: COFOUNDER_TASKS_*). */
@ConfigMapping(prefix = "cofounder.tasks")
public interface TaskConfig {

    /**
     * INSERT transactions of new tasks each event loop keeps running. Creates that arrive while that
     * many run wait for the next one and commit together in it, each still answered only after its own
     * row committed; 0 gives every create its own transaction.
     */
    @WithDefault("2")
    int createsInFlight();

    /**
     * Reads by id each event loop keeps running. Reads that arrive while that many run wait for the
     * next one and go together in one statement; 0 sends every read alone.
     */
    @WithDefault("2")
    int readsInFlight();

    /**
     * UPDATE transactions of changed tasks (PATCH) each event loop keeps running. Updates that arrive
     * while that many run wait for the next one and commit together in it, each answered for its own
     * row; 0 gives every update its own transaction.
     */
    @WithDefault("2")
    int updatesInFlight();

    /**
     * Listing pages each event loop keeps reading. Pages asked while that many are read wait for the
     * next round trip: the same page is then read once for all who asked, other pages of the same
     * statement go in one pipelined batch; 0 reads every page alone.
     */
    @WithDefault("2")
    int pagesInFlight();

    /** Most creates or updates in one transaction, reads in one statement, or pages in one round trip. */
    @WithDefault("64")
    int batchMax();
}
