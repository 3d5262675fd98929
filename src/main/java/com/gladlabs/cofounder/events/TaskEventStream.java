package com.gladlabs.cofounder.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.gladlabs.cofounder.common.QueryParameters;
import com.gladlabs.cofounder.common.db.DatabaseFailure;
import com.gladlabs.cofounder.common.problem.Problem.FieldError;
import com.gladlabs.cofounder.common.problem.ProblemException;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * {@code GET /api/tasks/events}: every change to a task as Server-Sent Events, optionally
 * filtered by {@code status}, {@code type} and {@code task_id} (each one value or a comma list).
 * Each event's {@code id:} is its position in the change feed; a client that reconnects with
 * {@code Last-Event-ID} (browsers send it by themselves) or {@code last_event_id} first receives
 * every change after that position, then live ones.
 */
@Path("/api/tasks/events")
@Tag(name = "Events", description = "Live task changes (the WebSocket at /api/ws/tasks is described in the document's description)")
public class TaskEventStream {

    static final String LAST_EVENT_ID = "Last-Event-ID";
    private static final String LAST_EVENT_ID_PARAMETER = "last_event_id";

    private final TaskEventHub hub;
    private final EventsConfig config;
    private final Vertx vertx;

    public TaskEventStream(TaskEventHub hub, EventsConfig config, Vertx vertx) {
        this.hub = hub;
        this.config = config;
        this.vertx = vertx;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "streamTaskEvents", summary = "Task changes as Server-Sent Events, resumable with Last-Event-ID",
            description = "Each event's name is task.created, task.updated or task.deleted (data: a JSON object with the "
                    + "event, the task's id, status, approval_status, progress, version, type and updated_at) or reset (the changes after the position "
                    + "asked for are no longer kept: read the tasks again). Each event's id is its position in the change "
                    + "feed; comments keep the connection alive. The first line is the comment subscribed with the position "
                    + "the stream continues after.")
    @Parameter(name = "status", in = ParameterIn.QUERY, description = "Only tasks in these statuses (one or a comma list)",
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "type", in = ParameterIn.QUERY, description = "Only tasks of these types (one or a comma list)",
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "task_id", in = ParameterIn.QUERY, description = "Only these tasks (one id or a comma list)",
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = LAST_EVENT_ID_PARAMETER, in = ParameterIn.QUERY, description = "Resume after this position "
            + "(the Last-Event-ID header wins)", schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0"))
    @Parameter(name = LAST_EVENT_ID, in = ParameterIn.HEADER, description = "Resume after this position (browsers send it on reconnect)",
            schema = @Schema(type = SchemaType.STRING))
    @APIResponse(responseCode = "200", description = "The stream (text/event-stream): event names task.created, task.updated, "
            + "task.deleted, reset", content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING),
                    examples = @ExampleObject(name = "an update", value = "id: 42\nevent: task.updated\ndata: "
                            + "{\"event\":\"task.updated\",\"id\":\"6f1c...\",\"status\":\"in_progress\",\"approval_status\":null,\"progress\":10,\"version\":3,"
                            + "\"type\":\"general\",\"updated_at\":\"2026-01-01T10:00:00Z\"}\n\n")))
    @APIResponse(responseCode = "406", description = "The caller does not accept text/event-stream")
    public void stream(@Context SseEventSink sink, @Context Sse sse, @Context UriInfo uri,
            @HeaderParam(LAST_EVENT_ID) String lastEventId) {
        List<FieldError> errors = new ArrayList<>();
        QueryParameters in = new QueryParameters(uri.getQueryParameters(),
                Set.of("status", "type", "task_id", LAST_EVENT_ID_PARAMETER));
        List<String> statuses = TaskEventFilter.split(list(in.text("status")));
        List<String> types = TaskEventFilter.split(list(in.text("type")));
        List<String> ids = TaskEventFilter.split(list(in.text("task_id")));
        String resumeParameter = in.text(LAST_EVENT_ID_PARAMETER);
        in.done();
        TaskEventFilter filter = TaskEventFilter.of(statuses, types, ids, errors);
        // The header wins: a browser reconnecting sends the URL it first used and the newer header.
        OptionalLong after = lastEventId != null && !lastEventId.isEmpty()
                ? Subscription.position(lastEventId, LAST_EVENT_ID, errors)
                : Subscription.position(resumeParameter, LAST_EVENT_ID_PARAMETER, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(errors);
        }

        SseSubscription subscription = new SseSubscription(sink, sse);
        if (!hub.register(subscription)) {
            throw hub.closing()
                    ? new ProblemException(503, "shutting-down", "Service unavailable",
                            "This replica is shutting down; reconnect to another", null,
                            Map.of("Retry-After", DatabaseFailure.RETRY_AFTER_SECONDS))
                    : new ProblemException(503, "too-many-subscribers", "Service unavailable",
                            "This replica serves as many event subscribers as it may; retry shortly or elsewhere", null,
                            Map.of("Retry-After", DatabaseFailure.RETRY_AFTER_SECONDS));
        }
        subscription.timer = vertx.setPeriodic(config.heartbeat().toMillis(), id -> subscription.heartbeat());
        // The first lines: a comment, and the position the stream continues after, so that a client
        // that loses the connection before its first event still resumes from the right place.
        subscription.start(filter, after, from -> sink.send(withId(sse.newEventBuilder().comment("subscribed"), from)));
    }

    private static OutboundSseEvent withId(OutboundSseEvent.Builder builder, Long position) {
        return (position == null ? builder : builder.id(Long.toString(position))).build();
    }

    private static List<String> list(String value) {
        return value == null ? null : List.of(value);
    }

    /** One SSE client. */
    private final class SseSubscription extends Subscription {
        private final SseEventSink sink;
        private final Sse sse;
        private volatile long timer = -1;

        SseSubscription(SseEventSink sink, Sse sse) {
            super(TaskEventStream.this.hub, TaskEventStream.this.config, TaskEventStream.this.vertx);
            this.sink = sink;
            this.sse = sse;
        }

        @Override
        protected CompletionStage<?> write(TaskEvent event) {
            return sink.send(sse.newEventBuilder().name(event.name()).id(Long.toString(event.position()))
                    .mediaType(MediaType.TEXT_PLAIN_TYPE).data(event.json()).build());
        }

        @Override
        protected CompletionStage<?> writeReset(long position, String reason) {
            String data = new JsonObject().put("event", "reset").put("position", position).put("reason", reason).encode();
            return sink.send(sse.newEventBuilder().name("reset").id(Long.toString(position))
                    .mediaType(MediaType.TEXT_PLAIN_TYPE).data(data).build());
        }

        /** Keeps proxies from closing an idle stream, and moves the client's resume point past filtered-out events. */
        void heartbeat() {
            if (sink.isClosed()) {
                close(GOING_AWAY, "client gone");
                return;
            }
            sendInOrder(() -> sink.send(withId(sse.newEventBuilder().comment("heartbeat"), resumePoint())));
        }

        @Override
        protected void disconnect(int code, String reason) {
            vertx.cancelTimer(timer);
            try {
                sink.close();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
    }
}
