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

    /** Events waiting to be written to one client; a client further behind is disconnected. */
    @WithDefault("256")
    int bufferSize();

    /** How often an idle SSE stream gets a comment line, so that proxies keep it open. */
    @WithDefault("15s")
    Duration heartbeat();
}
