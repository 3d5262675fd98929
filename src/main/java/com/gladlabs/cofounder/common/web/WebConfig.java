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
}
