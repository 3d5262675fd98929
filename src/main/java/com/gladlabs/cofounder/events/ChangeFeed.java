package com.gladlabs.cofounder.events;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.gladlabs.cofounder.common.db.BoundedWaitPoolCreator;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The change feed's statements (migration V4), on a small pool of its own so that neither a
 * saturated request pool delays events nor a crowd of resuming clients delays requests. The one
 * place where a feed row becomes a {@link TaskEvent}.
 */
@ApplicationScoped
public class ChangeFeed {

    /** Changes moved from the queue into the feed by one sequencer call. */
    static final int SEQUENCE_BATCH = 5000;

    private static final String ADVANCE = "SELECT head, moved FROM task_feed_advance($1)";

    /** The head and the page after a position, in one snapshot: the head tells a caught-up reader from a lost one. */
    private static final String READ = """
            SELECT h.position AS head, f.position, f.event, f.task_id, f.status, f.approval_status, f.progress,
                   f.version, f.type, f.updated_at
            FROM task_feed_head h
            LEFT JOIN LATERAL (SELECT * FROM task_feed WHERE position > $1 ORDER BY position LIMIT $2) f ON true
            ORDER BY f.position""";

    private static final String TRIM = "SELECT task_feed_trim(now() - make_interval(secs => $1), $2) AS trimmed";

    /**
     * Frees the space of sequenced (and trimmed) rows for reuse. SKIP_LOCKED: a replica whose
     * neighbour is already vacuuming skips its turn; TRUNCATE false: vacuum never takes the lock
     * that would make a writer wait to shorten the file (the space stays, for the next rows).
     */
    private static final String VACUUM = "VACUUM (SKIP_LOCKED, TRUNCATE false) task_change_queue, task_feed_head";
    private static final String VACUUM_ALL = VACUUM + ", task_feed";

    private static final String HEAD = "SELECT position FROM task_feed_head";

    /** The head after a sequencer call and how many changes that call moved. */
    record Advance(long head, int moved) {
    }

    /**
     * What follows a position: up to the asked number of events, and the head when they were read.
     * Positions have no gaps, so a first event that does not follow the position asked for, or a
     * position past the head, means that what the caller wanted is no longer (or never was) there.
     */
    record Page(long head, List<TaskEvent> events) {

        boolean continues(long after) {
            return events.isEmpty() ? after == head : events.get(0).position() == after + 1;
        }
    }

    private final Pool pool;

    public ChangeFeed(Pool requests, BoundedWaitPoolCreator pools, EventsConfig events) {
        requests.getDelegate(); // the request pool exists: the feed's pool copies its connection settings
        this.pool = Pool.newInstance(pools.sidePool("feed", events.feedPoolSize()));
    }

    /** Numbers the changes committed since the last call (if no other replica is doing it now). */
    Uni<Advance> advance() {
        return pool.preparedQuery(ADVANCE).execute(Tuple.of(SEQUENCE_BATCH)).map(rows -> {
            Row row = rows.iterator().next();
            return new Advance(row.getLong("head"), row.getInteger("moved"));
        });
    }

    /** The feed's head: the position of the newest change. */
    Uni<Long> head() {
        return pool.preparedQuery(HEAD).execute().map(rows -> rows.iterator().next().getLong(0));
    }

    /** Up to limit events after the given position, in order. */
    Uni<Page> read(long after, int limit) {
        return pool.preparedQuery(READ).execute(Tuple.of(after, limit)).map(rows -> {
            long head = 0;
            List<TaskEvent> events = new ArrayList<>(rows.size());
            for (Row row : rows) {
                head = row.getLong("head");
                Long position = row.getLong("position");
                if (position != null) {
                    events.add(event(row, position));
                }
            }
            return new Page(head, events);
        });
    }

    /** Deletes up to batch entries older than the retention window; returns how many. */
    Uni<Integer> trim(java.time.Duration retention, int batch) {
        return pool.preparedQuery(TRIM).execute(Tuple.of(retention.toMillis() / 1000.0, batch))
                .map(rows -> rows.iterator().next().getInteger("trimmed"));
    }

    /** Vacuums the queue and the head, and the feed too when asked (after entries were trimmed). */
    Uni<Void> vacuum(boolean feedToo) {
        return pool.query(feedToo ? VACUUM_ALL : VACUUM).execute().replaceWithVoid();
    }

    private static TaskEvent event(Row row, long position) {
        OffsetDateTime updatedAt = row.getOffsetDateTime("updated_at");
        return TaskEvent.of(position, row.getString("event"), row.getUUID("task_id"), row.getString("status"),
                row.getString("approval_status"), row.getShort("progress"), row.getLong("version"),
                row.getString("type"), updatedAt);
    }

    void close(@Observes ShutdownEvent event) {
        pool.close().subscribe().with(ignored -> {
        }, ignored -> {
        });
    }
}
