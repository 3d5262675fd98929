package com.gladlabs.cofounder.common.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How API requests are admitted (env: COFOUNDER_HTTP_*). */
@ConfigMapping(prefix = "cofounder.http")
public interface WebConfig {

    /**
     * API requests this replica works on at once. Requests beyond it wait, in the order they came,
     * before any of their handling (request scope, security identity, JSON) is set up, so that
     * thousands of waiting callers cost little memory; event streams and WebSockets are not counted.
     * 0 admits every request at once.
     */
    @WithDefault("256")
    int maxInFlight();

    /**
     * API requests read and waiting beyond those in flight. When that many wait, a keep-alive
     * connection whose response just ended is not read again until its turn: its caller's next
     * request stays in the operating system's socket buffer instead of the heap, and is read when
     * waiting requests are admitted (one connection per request that leaves, every one of them once
     * nothing waits). HTTP/1.x only. 0 reads every connection at once.
     */
    @WithDefault("256")
    int readAhead();
}
