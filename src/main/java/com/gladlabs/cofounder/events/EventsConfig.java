package com.gladlabs.cofounder.events;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Live task events (env: COFOUNDER_EVENTS_*). */
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
     * moment; only a client that stopped reading makes no progress.
     */
    @WithDefault("2s")
    Duration slowClientGrace();

    /** How often an idle SSE stream gets a comment line, so that proxies keep it open. */
    @WithDefault("15s")
    Duration heartbeat();
}
