package com.gladlabs.cofounder.events;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import io.vertx.core.json.JsonObject;

/**
 * One change to a task, at its position in the change feed. {@link #json()} is what SSE clients
 * receive as {@code data:} (the position is the SSE {@code id:}); WebSocket clients receive
 * {@link #message()}, the same object with the position in it.
 *
 * <p>Both texts are written when a subscriber first asks for them, once for all subscribers: every
 * committed change passes through the hub, most while nobody listens (two JSON encodings per change
 * were 1.5% of a create's CPU in the service, bench/README).
 */
public final class TaskEvent {

    /** Microseconds, as PostgreSQL stores them, always six digits, always UTC. */
    private static final DateTimeFormatter UTC_MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'");

    private final long position;
    private final String name;
    private final UUID id;
    private final String status;
    private final String approvalStatus;
    private final int progress;
    private final long version;
    private final String type;
    private final OffsetDateTime updatedAt;
    // Written at most once per subscriber thread that finds them absent; the same text each time.
    private volatile String json;
    private volatile String message;

    private TaskEvent(long position, String name, UUID id, String status, String approvalStatus, int progress,
            long version, String type, OffsetDateTime updatedAt) {
        this.position = position;
        this.name = name;
        this.id = id;
        this.status = status;
        this.approvalStatus = approvalStatus;
        this.progress = progress;
        this.version = version;
        this.type = type;
        this.updatedAt = updatedAt;
    }

    static TaskEvent of(long position, String name, UUID id, String status, String approvalStatus, int progress,
            long version, String type, OffsetDateTime updatedAt) {
        return new TaskEvent(position, name, id, status, approvalStatus, progress, version, type, updatedAt);
    }

    public long position() {
        return position;
    }

    public String name() {
        return name;
    }

    public UUID id() {
        return id;
    }

    public String status() {
        return status;
    }

    /** The task's version after the change (a delete: the version it had). */
    public long version() {
        return version;
    }

    public String type() {
        return type;
    }

    /** The event as SSE {@code data:}. */
    public String json() {
        String text = json;
        if (text == null) {
            json = text = data().encode();
        }
        return text;
    }

    /** The event as a WebSocket message: {@link #json()} with the position. */
    public String message() {
        String text = message;
        if (text == null) {
            message = text = data().put("position", position).encode();
        }
        return text;
    }

    private JsonObject data() {
        return new JsonObject()
                .put("event", name)
                .put("id", id.toString())
                .put("status", status)
                .put("approval_status", approvalStatus)
                .put("progress", progress)
                .put("version", version)
                .put("type", type)
                .put("updated_at", UTC_MICROS.format(updatedAt.withOffsetSameInstant(ZoneOffset.UTC)));
    }

    @Override
    public String toString() {
        return "TaskEvent[" + position + " " + name + " " + id + "]";
    }
}
