package com.gladlabs.cofounder.events;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.gladlabs.cofounder.common.problem.Problem.FieldError;

import io.vertx.mutiny.core.Vertx;

/**
 * One client's stream of task events, whatever carries it (SSE or WebSocket): every event after
 * a position, in position order, each at most once, then live events as they are published.
 *
 * <p>
 * A stream that resumes after a position replays from the feed, a page at a time, each page
 * written before the next is read, so a slow client slows only its own replay. While it replays it
 * ignores live events; once a page leaves it at or past the hub's position it turns live, under the
 * same lock the hub offers events through, so no event falls between the replay and the live
 * stream. The cursor is the last position the stream has passed (sent, or filtered out): nothing at
 * or before it is ever sent again. A position the feed no longer holds (trimmed) or never held
 * (ahead of the head) gets a reset instead, and the stream continues after the head.
 */
abstract class Subscription implements TaskEventHub.Subscriber {

    private static final Logger LOG = Logger.getLogger(Subscription.class);
    static final int REPLAY_PAGE = 500;
    /** Positions are at most 18 digits: no overflow, no sign, no spaces. */
    private static final java.util.regex.Pattern POSITION = java.util.regex.Pattern.compile("[0-9]{1,18}");

    static final int GOING_AWAY = 1001;
    static final int TOO_SLOW = 1008;
    static final int TRY_AGAIN_LATER = 1013;

    protected final TaskEventHub hub;
    protected final EventsConfig config;
    private final Vertx vertx;
    private final Backlog backlog;
    // Guarded by this.
    private TaskEventFilter filter = TaskEventFilter.ALL;
    private long cursor = -1;
    private boolean live;
    private int generation;
    private boolean closed;

    Subscription(TaskEventHub hub, EventsConfig config, Vertx vertx) {
        this.hub = hub;
        this.config = config;
        this.vertx = vertx;
        this.backlog = new Backlog(vertx, config, this::tooSlow);
    }

    /** Writes an event; the writes of one stream go out in the order of these calls. */
    protected abstract CompletionStage<?> write(TaskEvent event);

    /** Tells the client to re-read its state: what followed its position is not in the feed. */
    protected abstract CompletionStage<?> writeReset(long position, String reason);

    /** Closes the connection (the code is a WebSocket close code; SSE streams just end). */
    protected abstract void disconnect(int code, String reason);

    /** A Last-Event-ID or resume_from value: a position; anything else is added to errors. */
    static OptionalLong position(String value, String field, List<FieldError> errors) {
        if (value == null || value.isEmpty()) {
            return OptionalLong.empty();
        }
        if (!POSITION.matcher(value).matches()) {
            errors.add(new FieldError(field, "must be the id of an event of this stream: a position, 0 or more digits "
                    + "up to 18 (0 replays everything the feed still holds)"));
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(value));
    }

    /**
     * Starts the stream, or restarts it (a WebSocket subscribe message): with this filter, after the
     * given position, or live from now. The greeting is written before any event; it is given the
     * position the stream continues after (null while this replica never reached the feed).
     */
    final void start(TaskEventFilter filter, OptionalLong after, Function<Long, CompletionStage<?>> greeting) {
        int replay;
        synchronized (this) {
            if (closed) {
                return;
            }
            this.filter = filter;
            replay = ++generation;
            live = after.isEmpty();
            cursor = after.isPresent() ? after.getAsLong() : hub.position();
            if (greeting != null) {
                Long from = cursor >= 0 ? cursor : null;
                send(() -> greeting.apply(from));
            }
        }
        if (after.isPresent()) {
            replayPage(replay);
        }
    }

    /** The position everything matching up to which was written (null before the feed was reached). */
    final synchronized Long resumePoint() {
        return cursor >= 0 ? cursor : null;
    }

    @Override
    public final void offer(TaskEvent event) {
        synchronized (this) {
            if (!live || closed || event.position() <= cursor) {
                return;
            }
            cursor = event.position();
            if (filter.matches(event)) {
                send(() -> write(event));
            }
        }
    }

    /** Writes something that is not an event (a heartbeat, an answer) in the stream's order. */
    final synchronized void sendInOrder(Supplier<CompletionStage<?>> write) {
        if (!closed) {
            send(write);
        }
    }

    @Override
    public final void end(String reason) {
        close(GOING_AWAY, reason);
    }

    final boolean closed() {
        synchronized (this) {
            return closed;
        }
    }

    /** Stops the stream and tells the client why; later events and replies are not sent. */
    final void close(int code, String reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        hub.unregister(this);
        disconnect(code, reason);
    }

    private void tooSlow() {
        LOG.infof("Dropping an event stream: its client took nothing for %s while more than %d events were waiting",
                config.slowClientGrace(), config.bufferSize());
        close(TOO_SLOW, "client too slow: more than " + config.bufferSize() + " events behind");
    }

    private void replayPage(int replay) {
        long after;
        synchronized (this) {
            if (closed || replay != generation) {
                return;
            }
            after = cursor;
        }
        hub.feed().read(after, REPLAY_PAGE).subscribe().with(page -> replayed(replay, after, page), failure -> {
            LOG.debugf("Replay after position %d failed: %s", after, failure.getMessage());
            close(TRY_AGAIN_LATER, "events could not be read now; reconnect and resume");
        });
    }

    private void replayed(int replay, long after, ChangeFeed.Page page) {
        List<CompletableFuture<?>> writes = new ArrayList<>();
        boolean wait;
        synchronized (this) {
            if (closed || replay != generation) {
                return;
            }
            boolean full = false;
            if (page.continues(after)) {
                for (TaskEvent event : page.events()) {
                    cursor = event.position();
                    if (filter.matches(event)) {
                        writes.add(send(() -> write(event)));
                    }
                }
                full = page.events().size() == REPLAY_PAGE;
            } else {
                cursor = page.head();
                String reason = after > page.head()
                        ? "position " + after + " is ahead of the feed (its newest is " + page.head() + ")"
                        : "changes after position " + after + " are no longer kept (retention " + config.retention()
                                + ")";
                long resetAt = cursor;
                writes.add(send(() -> writeReset(resetAt, reason)));
            }
            if (!full && hub.position() >= 0 && cursor >= hub.position()) {
                live = true;
                return;
            }
            // Caught up with the feed but not with a hub that has not reached it yet (the replica is
            // starting): look again a feed interval later rather than at once.
            wait = !full && cursor >= hub.position();
        }
        // The page is written before the next is read; a client that takes none of it is dropped.
        backlog.awaitingAll();
        long pause = wait ? config.feedInterval().toMillis() : 0;
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).whenComplete((ignored, failure) -> {
            if (failure == null && pause > 0) {
                vertx.setTimer(pause, id -> replayPage(replay));
            } else if (failure == null) {
                replayPage(replay);
            }
        });
    }

    /** Hands a write over, counting it in the backlog; a failed write closes the stream. */
    private CompletableFuture<?> send(Supplier<CompletionStage<?>> write) {
        backlog.handedOver();
        CompletionStage<?> written;
        try {
            written = write.get();
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        return written.toCompletableFuture().whenComplete((ignored, failure) -> {
            backlog.written();
            if (failure != null) {
                close(GOING_AWAY, "write failed");
            }
        });
    }
}
