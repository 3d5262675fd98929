package com.gladlabs.cofounder.events;

import org.jboss.logging.Logger;

import com.gladlabs.cofounder.common.db.DatabaseConfig;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Keeps the change feed to its retention window: every {@code trim-interval} the oldest entries
 * past the window are deleted, {@code trim-batch-size} per statement, one short transaction after
 * another until none is left (one replica at a time). Writers never wait for it: they touch only
 * the tasks and the queue table, and the sequencer appends at the other end of the feed.
 * <p>
 * Every {@code vacuum-interval} it also vacuums the queue (every change passes through it) and,
 * when entries were trimmed since, the feed: deleted rows leave dead tuples whose space only a
 * vacuum makes reusable, and a server may run without autovacuum (this machine's CI server does)
 * or visit a busy queue only once a minute. Without it the queue grows by every change ever made
 * and each sequencer pass walks the dead entries of its index.
 */
@ApplicationScoped
public class FeedRetention {

    private static final Logger LOG = Logger.getLogger(FeedRetention.class);
    /** A pause between two batches, so that a long backlog is trimmed as a trickle, not a burst. */
    private static final long BETWEEN_BATCHES_MS = 10;

    private final ChangeFeed feed;
    private final EventsConfig config;
    private final DatabaseConfig database;
    private final Vertx vertx;
    private volatile boolean stopped;
    private volatile boolean trimming;
    private volatile boolean trimmedSinceVacuum;
    private volatile boolean vacuuming;
    private long timer = -1;
    private long vacuumTimer = -1;

    public FeedRetention(ChangeFeed feed, EventsConfig config, DatabaseConfig database, Vertx vertx) {
        this.feed = feed;
        this.config = config;
        this.database = database;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        if (database.migrateOnly()) {
            return;
        }
        timer = vertx.setPeriodic(config.trimInterval().toMillis(), id -> {
            if (!trimming) {
                trimming = true;
                trim(0);
            }
        });
        if (!config.vacuumInterval().isZero()) {
            vacuumTimer = vertx.setPeriodic(config.vacuumInterval().toMillis(), id -> vacuum());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        vertx.cancelTimer(timer);
        vertx.cancelTimer(vacuumTimer);
    }

    private void vacuum() {
        if (stopped || vacuuming) {
            return;
        }
        vacuuming = true;
        boolean feedToo = trimmedSinceVacuum;
        trimmedSinceVacuum = false;
        feed.vacuum(feedToo).subscribe().with(done -> vacuuming = false, failure -> {
            vacuuming = false;
            trimmedSinceVacuum |= feedToo;
            LOG.debugf("Task change queue not vacuumed: %s", failure.getMessage());
        });
    }

    private void trim(long sofar) {
        if (stopped) {
            trimming = false;
            return;
        }
        feed.trim(config.retention(), config.trimBatchSize()).subscribe().with(trimmed -> {
            long total = sofar + trimmed;
            if (trimmed > 0) {
                trimmedSinceVacuum = true;
            }
            if (trimmed == config.trimBatchSize()) {
                vertx.setTimer(BETWEEN_BATCHES_MS, id -> trim(total));
            } else {
                trimming = false;
                if (total > 0) {
                    LOG.debugf("Trimmed %d task change(s) older than %s from the feed", total, config.retention());
                }
            }
        }, failure -> {
            trimming = false;
            LOG.debugf("Task change feed not trimmed: %s", failure.getMessage());
        });
    }
}
