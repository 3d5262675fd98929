package com.gladlabs.cofounder.common.security;

/** The roles a token carries in its {@code groups} claim. */
public final class Roles {

    /** Every GET under /api, the event stream and the WebSocket included. */
    public static final String TASKS_READ = "tasks:read";
    /** Creates, patches and deletes. */
    public static final String TASKS_WRITE = "tasks:write";
    /** Approving generated content. */
    public static final String CONTENT_APPROVE = "content:approve";

    private Roles() {
    }
}
