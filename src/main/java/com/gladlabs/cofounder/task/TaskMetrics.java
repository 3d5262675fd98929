package com.gladlabs.cofounder.task;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code cofounder_tasks{status=...}}: how many tasks are in each status. A gauge is read
 * synchronously and the database is not, so the counts are refreshed in the background every
 * 15 seconds by one grouped count, never on the scrape.
 */
@ApplicationScoped
public class TaskMetrics {

    private static final Logger LOG = Logger.getLogger(TaskMetrics.class);
    static final Duration REFRESH = Duration.ofSeconds(15);

    private final Pool pool;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final Map<TaskStatus, AtomicLong> counts = new EnumMap<>(TaskStatus.class);
    volatile long timer = -1;
    private volatile boolean stopped;

    public TaskMetrics(Pool pool, Vertx vertx, MeterRegistry registry) {
        this.pool = pool;
        this.vertx = vertx;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        for (TaskStatus status : TaskStatus.values()) {
            AtomicLong count = new AtomicLong();
            counts.put(status, count);
            Gauge.builder("cofounder_tasks", count, AtomicLong::get)
                    .description("Tasks in each status (refreshed every 15 s)")
                    .tag("status", status.label()).register(registry);
        }
        refresh();
        timer = vertx.setPeriodic(REFRESH.toMillis(), id -> refresh());
    }

    /**
     * The timer stops with the application: Vert.x outlives it in dev mode (a live reload starts a
     * new application on the same Vert.x), where a refresh fired after shutdown failed on beans
     * that no longer exist.
     */
    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (timer != -1) {
            vertx.cancelTimer(timer);
        }
    }

    void refresh() {
        if (stopped) {
            return;
        }
        pool.query("SELECT status, count(*) AS n FROM tasks GROUP BY status").execute().subscribe().with(rows -> {
            counts.values().forEach(c -> c.set(0));
            rows.forEach(row -> {
                TaskStatus status = TaskStatus.of(row.getString("status"));
                if (status != null) {
                    counts.get(status).set(row.getLong("n"));
                }
            });
        }, failure -> LOG.debugf("Task counts not refreshed: %s", failure.getMessage()));
    }
}
