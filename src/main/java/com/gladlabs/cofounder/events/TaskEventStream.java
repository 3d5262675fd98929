package com.gladlabs.cofounder.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.gladlabs.cofounder.common.QueryParameters;
import com.gladlabs.cofounder.common.db.DatabaseFailure;
import com.gladlabs.cofounder.common.problem.Problem.FieldError;
import com.gladlabs.cofounder.common.problem.ProblemException;

import io.vertx.mutiny.core.Vertx;
import jakarta.ws.rs.GET;
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
 */
@Path("/api/tasks/events")
public class TaskEventStream {

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
    @Operation(summary = "Task changes as Server-Sent Events (event: task.created|task.updated|task.deleted)")
    public void stream(@Context SseEventSink sink, @Context Sse sse, @Context UriInfo uri) {
        TaskEventFilter filter = filter(uri);
        SseSubscriber subscriber = new SseSubscriber(sink, sse, filter);
        if (!hub.register(subscriber)) {
            throw hub.closing()
                    ? new ProblemException(503, "shutting-down", "Service unavailable",
                            "This replica is shutting down; reconnect to another", null,
                            Map.of("Retry-After", DatabaseFailure.RETRY_AFTER_SECONDS))
                    : new ProblemException(503, "too-many-subscribers", "Service unavailable",
                            "This replica serves as many event subscribers as it may; retry shortly or elsewhere", null,
                            Map.of("Retry-After", DatabaseFailure.RETRY_AFTER_SECONDS));
        }
        subscriber.timer = vertx.setPeriodic(config.heartbeat().toMillis(), id -> subscriber.heartbeat());
        subscriber.send(sse.newEventBuilder().comment("subscribed").build());
    }

    private static TaskEventFilter filter(UriInfo uri) {
        QueryParameters in = new QueryParameters(uri.getQueryParameters(), Set.of("status", "type", "task_id"));
        List<String> statuses = TaskEventFilter.split(list(in.text("status")));
        List<String> types = TaskEventFilter.split(list(in.text("type")));
        List<String> ids = TaskEventFilter.split(list(in.text("task_id")));
        in.done();
        List<FieldError> errors = new ArrayList<>();
        TaskEventFilter filter = TaskEventFilter.of(statuses, types, ids, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(errors);
        }
        return filter;
    }

    private static List<String> list(String value) {
        return value == null ? null : List.of(value);
    }

    /** One SSE client: its own event ids, its own bounded backlog of unwritten events. */
    private final class SseSubscriber implements TaskEventHub.Subscriber {
        private final SseEventSink sink;
        private final Sse sse;
        private final TaskEventFilter filter;
        private final AtomicLong sequence = new AtomicLong();
        private final Backlog backlog = new Backlog(vertx, config, this::close);
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile long timer = -1;

        SseSubscriber(SseEventSink sink, Sse sse, TaskEventFilter filter) {
            this.sink = sink;
            this.sse = sse;
            this.filter = filter;
        }

        @Override
        public TaskEventFilter filter() {
            return filter;
        }

        @Override
        public void deliver(TaskEvent event) {
            send(sse.newEventBuilder().name(event.name()).id(Long.toString(sequence.incrementAndGet()))
                    .mediaType(MediaType.TEXT_PLAIN_TYPE).data(event.json()).build());
        }

        @Override
        public void end() {
            close();
        }

        void heartbeat() {
            send(sse.newEventBuilder().comment("heartbeat").build());
        }

        void send(OutboundSseEvent event) {
            if (closed.get()) {
                return;
            }
            if (sink.isClosed()) {
                close();
                return;
            }
            backlog.handedOver(); // too far behind for too long: the stream ends
            sink.send(event).whenComplete((ignored, failure) -> {
                backlog.written();
                if (failure != null) {
                    close();
                }
            });
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                hub.unregister(this);
                vertx.cancelTimer(timer);
                try {
                    sink.close();
                } catch (RuntimeException ignored) {
                    // already gone
                }
            }
        }
    }
}
