package com.gladlabs.cofounder.events;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Task events: the change feed and the SSE and WebSocket streams (env: COFOUNDER_EVENTS_*). */
@ConfigMapping(prefix = "cofounder.events")
public interface EventsConfig {

    /** SSE and WebSocket subscribers this replica serves at once; one more is answered 503. */
    @WithDefault("2000")
    int maxSubscribers();

    /** Events waiting to be written to one client before it is watched for being too slow. */
    @WithDefault("256")
    int bufferSize();

    /**
     * A client more than buffer-size events behind that has not taken a single event for this long
     * is disconnected. A burst (one statement changing many tasks) puts every client behind for a
     * moment; only a client that stopped reading makes no progress. A disconnected client resumes
     * from its last event.
     */
    @WithDefault("2s")
    Duration slowClientGrace();

    /** How often an idle SSE stream gets a comment line, so that proxies keep it open. */
    @WithDefault("15s")
    Duration heartbeat();

    /**
     * How often this replica sequences committed changes into the feed and reads the feed. It bounds
     * the delay from commit to subscriber (about twice this value with several replicas).
     */
    @WithDefault("50ms")
    Duration feedInterval();

    /** How long the feed keeps a change, so that a client can resume after it; older ones are trimmed. */
    @WithDefault("24h")
    Duration retention();

    /** How often the feed is trimmed to the retention window. */
    @WithDefault("1m")
    Duration trimInterval();

    /** Entries deleted per trimming statement; small batches keep every transaction short. */
    @WithDefault("1000")
    int trimBatchSize();

    /**
     * How often this replica vacuums the queue of changes (and the feed, after a trim) so that their
     * freed space is reused even on a server whose autovacuum is off or slow to come round; {@code 0s}
     * leaves it to autovacuum. A vacuum that finds another one at work skips its turn.
     */
    @WithDefault("10s")
    Duration vacuumInterval();

    /** Connections of the feed's own pool (sequencing, reading, replays), apart from the request pool. */
    @WithDefault("4")
    int feedPoolSize();
}
