package com.gladlabs.cofounder.content;

import org.jboss.logging.Logger;

import com.gladlabs.cofounder.common.db.DatabaseConfig;
import com.gladlabs.cofounder.events.TaskEventHub;
import com.gladlabs.cofounder.task.TaskStatus;
import com.gladlabs.cofounder.task.TaskType;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

/**
 * Runs this replica's content worker when {@code cofounder.worker.enabled}: starts it after
 * startup, wakes it whenever the change feed shows a content task that is (again) pending,
 * whoever made it so, and stops it on shutdown. Polling stays the safety net.
 */
@ApplicationScoped
public class WorkerLifecycle {

    private static final Logger LOG = Logger.getLogger(WorkerLifecycle.class);

    private final WorkerConfig worker;
    private final ContentConfig content;
    private final ContentQueue queue;
    private final Instance<ContentGenerator> generators;
    private final Vertx vertx;
    private final TaskEventHub events;
    private final DatabaseConfig database;
    private volatile ContentWorker running;

    public WorkerLifecycle(WorkerConfig worker, ContentConfig content, ContentQueue queue,
            Instance<ContentGenerator> generators, Vertx vertx, TaskEventHub events, DatabaseConfig database,
            MeterRegistry registry) {
        this.worker = worker;
        this.content = content;
        this.queue = queue;
        this.generators = generators;
        this.vertx = vertx;
        this.events = events;
        this.database = database;
        Gauge.builder("cofounder_worker_generations", this, WorkerLifecycle::generating)
                .description("Content tasks this replica's worker is generating now (0 when the worker is off)")
                .register(registry);
    }

    private double generating() {
        ContentWorker worker = running;
        return worker == null ? 0 : worker.inFlight();
    }

    /**
     * The generator named by cofounder.content.generator (each generator bean carries its name as an
     * {@link Identifier}); an unknown name stops startup. Only that one is made: asking every generator
     * its name made the OpenAI generator and its REST client at every start, where templates generate.
     */
    public ContentGenerator generator() {
        Instance<ContentGenerator> named = generators.select(Identifier.Literal.of(content.generator()));
        if (!named.isResolvable()) {
            throw new IllegalStateException("Unknown cofounder.content.generator '" + content.generator()
                    + "': use " + TemplateGenerator.NAME + " or " + OpenAiGenerator.NAME);
        }
        return named.get();
    }

    public ContentWorker.Settings settings() {
        return new ContentWorker.Settings(worker.concurrency(), worker.pollInterval(), worker.lease(),
                worker.maxAttempts(), worker.shutdownTimeout(), content.publishThreshold());
    }

    void start(@Observes StartupEvent event) {
        ContentGenerator generator = generator();
        if (database.migrateOnly()) {
            return;
        }
        if (!worker.enabled()) {
            LOG.info("Content worker disabled (cofounder.worker.enabled=false): this replica only serves the API");
            return;
        }
        running = new ContentWorker(queue, generator, settings(), vertx);
        running.start();
        ContentWorker started = running;
        String pending = TaskStatus.PENDING.label();
        String general = TaskType.GENERAL.label();
        events.listen(change -> {
            if (pending.equals(change.status()) && !general.equals(change.type()) && !"task.deleted".equals(change.name())) {
                started.wake();
            }
        });
        LOG.infof("Content worker started: generator %s, concurrency %d", generator.name(), worker.concurrency());
    }

    void stop(@Observes ShutdownEvent event) {
        if (running != null) {
            running.stop().await().atMost(worker.shutdownTimeout().plusSeconds(5));
        }
    }
}
