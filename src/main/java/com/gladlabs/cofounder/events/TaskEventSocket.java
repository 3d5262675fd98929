package com.gladlabs.cofounder.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.gladlabs.cofounder.common.problem.Problem.FieldError;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code /api/ws/tasks}: the same task events as JSON text messages. A client narrows them with
 * {@code {"subscribe": {"status": [...], "type": [...], "task_id": [...]}}}; any other message gets
 * an error message back and the connection stays open.
 */
@WebSocket(path = "/api/ws/tasks")
public class TaskEventSocket {

    static final int GOING_AWAY = 1001;
    static final int TOO_SLOW = 1008;
    static final int TRY_AGAIN_LATER = 1013;

    private final TaskEventHub hub;
    private final EventsConfig config;
    private final Vertx vertx;
    private final Map<String, SocketSubscriber> open = new ConcurrentHashMap<>();

    public TaskEventSocket(TaskEventHub hub, EventsConfig config, Vertx vertx) {
        this.hub = hub;
        this.config = config;
        this.vertx = vertx;
    }

    @OnOpen
    @NonBlocking
    public Uni<Void> open(WebSocketConnection connection) {
        SocketSubscriber subscriber = new SocketSubscriber(connection);
        if (!hub.register(subscriber)) {
            return connection.close(new CloseReason(TRY_AGAIN_LATER, "too many subscribers on this replica"));
        }
        open.put(connection.id(), subscriber);
        return Uni.createFrom().voidItem();
    }

    @OnTextMessage
    @NonBlocking
    public String message(String text, WebSocketConnection connection) {
        SocketSubscriber subscriber = open.get(connection.id());
        if (subscriber == null) {
            return error("not subscribed");
        }
        JsonObject message;
        try {
            message = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            return error("messages must be JSON objects such as {\"subscribe\": {\"status\": [\"pending\"]}}");
        }
        if (message.size() != 1 || !(message.getValue("subscribe") instanceof JsonObject subscribe)) {
            return error("unknown message: only {\"subscribe\": {\"status\": [...], \"type\": [...], \"task_id\": [...]}} is understood");
        }
        List<FieldError> errors = new ArrayList<>();
        for (String key : subscribe.fieldNames()) {
            if (!Set.of("status", "type", "task_id").contains(key)) {
                errors.add(new FieldError(key, "is not a filter: use status, type or task_id"));
            }
        }
        TaskEventFilter filter = TaskEventFilter.of(strings(subscribe, "status", errors),
                strings(subscribe, "type", errors), strings(subscribe, "task_id", errors), errors);
        if (!errors.isEmpty()) {
            return new JsonObject().put("error", "invalid subscribe").put("errors", new JsonArray(
                    errors.stream().map(e -> new JsonObject().put("field", e.field()).put("message", e.message())).toList()))
                    .encode();
        }
        subscriber.filter = filter;
        return new JsonObject().put("subscribed", new JsonObject()
                .put("status", new JsonArray(List.copyOf(filter.statuses())))
                .put("type", new JsonArray(List.copyOf(filter.types())))
                .put("task_id", new JsonArray(filter.taskIds().stream().map(Object::toString).toList()))).encode();
    }

    @OnClose
    @NonBlocking
    public void close(WebSocketConnection connection) {
        SocketSubscriber subscriber = open.remove(connection.id());
        if (subscriber != null) {
            hub.unregister(subscriber);
        }
    }

    private static List<String> strings(JsonObject subscribe, String key, List<FieldError> errors) {
        Object value = subscribe.getValue(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array) || !array.stream().allMatch(String.class::isInstance)) {
            errors.add(new FieldError(key, "must be an array of strings"));
            return List.of();
        }
        return array.stream().map(String.class::cast).toList();
    }

    private static String error(String message) {
        return new JsonObject().put("error", message).encode();
    }

    private final class SocketSubscriber implements TaskEventHub.Subscriber {
        private final WebSocketConnection connection;
        private final Backlog backlog = new Backlog(vertx, config, this::tooSlow);
        private volatile TaskEventFilter filter = TaskEventFilter.ALL;

        SocketSubscriber(WebSocketConnection connection) {
            this.connection = connection;
        }

        @Override
        public TaskEventFilter filter() {
            return filter;
        }

        @Override
        public void deliver(TaskEvent event) {
            backlog.handedOver();
            connection.sendText(event.json()).subscribe().with(sent -> backlog.written(), failure -> backlog.written());
        }

        private void tooSlow() {
            close(new CloseReason(TOO_SLOW, "client too slow: more than " + config.bufferSize() + " events behind"));
        }

        @Override
        public void end() {
            close(new CloseReason(GOING_AWAY, "server shutting down; reconnect"));
        }

        private void close(CloseReason reason) {
            if (open.remove(connection.id()) != null) {
                hub.unregister(this);
                connection.close(reason).subscribe().with(ignored -> {
                }, failure -> {
                });
            }
        }
    }

    /** Refuses the upgrade with 503 once the replica serves as many subscribers as it may. */
    @ApplicationScoped
    public static class SubscriberCap implements HttpUpgradeCheck {
        private final TaskEventHub hub;

        public SubscriberCap(TaskEventHub hub) {
            this.hub = hub;
        }

        @Override
        public Uni<CheckResult> perform(HttpUpgradeContext context) {
            return hub.full() ? CheckResult.rejectUpgrade(503, Map.of("Retry-After", List.of("2")))
                    : CheckResult.permitUpgrade();
        }
    }
}
