package com.gladlabs.cofounder.events;

import java.util.UUID;

import io.vertx.core.json.JsonObject;

/**
 * One change to a task as the database announced it: the event name and the JSON payload that
 * clients receive unchanged.
 */
public record TaskEvent(String name, UUID id, String status, String type, String json) {

    static TaskEvent parse(String payload) {
        JsonObject data = new JsonObject(payload);
        return new TaskEvent(data.getString("event"), UUID.fromString(data.getString("id")),
                data.getString("status"), data.getString("type"), payload);
    }
}
