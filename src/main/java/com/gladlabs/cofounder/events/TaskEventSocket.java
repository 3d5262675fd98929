package com.gladlabs.cofounder.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import com.gladlabs.cofounder.common.problem.Problem.FieldError;
import com.gladlabs.cofounder.common.web.UpgradedRequest;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData.TypedKey;
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
 * {@code /api/ws/tasks}: the same task events as JSON text messages, each with its feed
 * {@code position}. A client narrows them with
 * {@code {"subscribe": {"status": [...], "type": [...], "task_id": [...]}}} and resumes after a
 * position with {@code "resume_from": n} in the same object; any other message gets an error
 * message back and the connection stays open.
 */
@WebSocket(path = "/api/ws/tasks")
public class TaskEventSocket {

    /** What tells the graceful shutdown that the connection's upgrade request is finished (see {@link UpgradedRequest}). */
    private static final TypedKey<Runnable> REQUEST_DONE = new TypedKey<>("cofounder.upgrade-request-done");
    private static final Set<String> SUBSCRIBE_FIELDS = Set.of("status", "type", "task_id", "resume_from");

    private final TaskEventHub hub;
    private final EventsConfig config;
    private final Vertx vertx;
    private final Map<String, SocketSubscription> open = new ConcurrentHashMap<>();

    public TaskEventSocket(TaskEventHub hub, EventsConfig config, Vertx vertx) {
        this.hub = hub;
        this.config = config;
        this.vertx = vertx;
    }

    @OnOpen
    @NonBlocking
    public Uni<Void> open(WebSocketConnection connection) {
        SocketSubscription subscription = new SocketSubscription(connection);
        if (!hub.register(subscription)) {
            return connection.close(new CloseReason(Subscription.TRY_AGAIN_LATER, "too many subscribers on this replica"));
        }
        open.put(connection.id(), subscription);
        subscription.start(TaskEventFilter.ALL, OptionalLong.empty(), null);
        return Uni.createFrom().voidItem();
    }

    @OnTextMessage
    @NonBlocking
    public void message(String text, WebSocketConnection connection) {
        SocketSubscription subscription = open.get(connection.id());
        if (subscription == null) {
            return; // closed meanwhile
        }
        JsonObject message;
        try {
            message = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            subscription.reply(error("messages must be JSON objects such as {\"subscribe\": {\"status\": [\"pending\"]}}"));
            return;
        }
        if (message.size() != 1 || !(message.getValue("subscribe") instanceof JsonObject subscribe)) {
            subscription.reply(error("unknown message: only {\"subscribe\": {\"status\": [...], \"type\": [...], "
                    + "\"task_id\": [...], \"resume_from\": n}} is understood"));
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        for (String key : subscribe.fieldNames()) {
            if (!SUBSCRIBE_FIELDS.contains(key)) {
                errors.add(new FieldError(key, "is not a subscribe field: use status, type, task_id or resume_from"));
            }
        }
        TaskEventFilter filter = TaskEventFilter.of(strings(subscribe, "status", errors),
                strings(subscribe, "type", errors), strings(subscribe, "task_id", errors), errors);
        OptionalLong resumeFrom = resumeFrom(subscribe.getValue("resume_from"), errors);
        if (!errors.isEmpty()) {
            subscription.reply(new JsonObject().put("error", "invalid subscribe").put("errors", new JsonArray(
                    errors.stream().map(e -> new JsonObject().put("field", e.field()).put("message", e.message())).toList()))
                    .encode());
            return;
        }
        // The acknowledgement comes first; with resume_from, the replay follows it, then live events.
        subscription.start(filter, resumeFrom, from -> connection.sendText(new JsonObject().put("subscribed",
                new JsonObject()
                        .put("status", new JsonArray(List.copyOf(filter.statuses())))
                        .put("type", new JsonArray(List.copyOf(filter.types())))
                        .put("task_id", new JsonArray(filter.taskIds().stream().map(Object::toString).toList()))
                        .put("position", from))
                .encode()).subscribeAsCompletionStage());
    }

    @OnClose
    @NonBlocking
    public void close(WebSocketConnection connection) {
        Runnable requestDone = connection.userData().remove(REQUEST_DONE);
        if (requestDone != null) {
            requestDone.run();
        }
        SocketSubscription subscription = open.remove(connection.id());
        if (subscription != null) {
            subscription.close(Subscription.GOING_AWAY, "closed by the client");
        }
    }

    /** resume_from: a position, as a JSON integer (the position of the last event the client has). */
    private static OptionalLong resumeFrom(Object value, List<FieldError> errors) {
        if (value == null) {
            return OptionalLong.empty();
        }
        if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0) {
            return OptionalLong.of(((Number) value).longValue());
        }
        errors.add(new FieldError("resume_from",
                "must be a position: an integer of 0 or more, the position of the last event received"));
        return OptionalLong.empty();
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

    private final class SocketSubscription extends Subscription {
        private final WebSocketConnection connection;

        SocketSubscription(WebSocketConnection connection) {
            super(TaskEventSocket.this.hub, TaskEventSocket.this.config, TaskEventSocket.this.vertx);
            this.connection = connection;
        }

        void reply(String text) {
            sendInOrder(() -> connection.sendText(text).subscribeAsCompletionStage());
        }

        @Override
        protected CompletionStage<?> write(TaskEvent event) {
            return connection.sendText(event.message()).subscribeAsCompletionStage();
        }

        @Override
        protected CompletionStage<?> writeReset(long position, String reason) {
            return connection.sendText(new JsonObject().put("event", "reset").put("position", position)
                    .put("reason", reason).encode()).subscribeAsCompletionStage();
        }

        @Override
        protected void disconnect(int code, String reason) {
            open.remove(connection.id());
            connection.close(new CloseReason(code, reason)).subscribe().with(ignored -> {
            }, failure -> {
            });
        }
    }

    /**
     * Refuses the upgrade with 503 once the replica serves as many subscribers as it may; a permitted
     * upgrade's request counts for the graceful shutdown until its WebSocket closes.
     */
    @ApplicationScoped
    public static class SubscriberCap implements HttpUpgradeCheck {
        private final TaskEventHub hub;

        public SubscriberCap(TaskEventHub hub) {
            this.hub = hub;
        }

        @Override
        public Uni<CheckResult> perform(HttpUpgradeContext context) {
            if (hub.full()) {
                return CheckResult.rejectUpgrade(503, Map.of("Retry-After", List.of("2")));
            }
            context.userData().put(REQUEST_DONE, UpgradedRequest.doneWhenClosed(context.httpRequest()));
            return CheckResult.permitUpgrade();
        }
    }
}
