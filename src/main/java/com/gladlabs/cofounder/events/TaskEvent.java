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
 */
public record TaskEvent(long position, String name, UUID id, String status, String type, String json,
        String message) {

    /** Microseconds, as PostgreSQL stores them, always six digits, always UTC. */
    private static final DateTimeFormatter UTC_MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'");

    static TaskEvent of(long position, String name, UUID id, String status, String approvalStatus, int progress,
            long version, String type, OffsetDateTime updatedAt) {
        JsonObject data = new JsonObject()
                .put("event", name)
                .put("id", id.toString())
                .put("status", status)
                .put("approval_status", approvalStatus)
                .put("progress", progress)
                .put("version", version)
                .put("type", type)
                .put("updated_at", UTC_MICROS.format(updatedAt.withOffsetSameInstant(ZoneOffset.UTC)));
        String json = data.encode();
        String message = data.put("position", position).encode();
        return new TaskEvent(position, name, id, status, type, json, message);
    }
}
