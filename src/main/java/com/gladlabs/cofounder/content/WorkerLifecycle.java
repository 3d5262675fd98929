package com.gladlabs.cofounder.content;

import java.time.Duration;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

/**
 * Runs this replica's content worker when {@code cofounder.worker.enabled}: starts it after
 * startup, wakes it on the database's {@code content_task_pending} notifications (one LISTEN
 * connection, re-established after the database restarts), and stops it on shutdown.
 */
@ApplicationScoped
public class WorkerLifecycle {

    static final String CHANNEL = "content_task_pending";
    private static final Logger LOG = Logger.getLogger(WorkerLifecycle.class);

    private final WorkerConfig worker;
    private final ContentConfig content;
    private final ContentQueue queue;
    private final Instance<ContentGenerator> generators;
    private final Vertx vertx;
    private final String url;
    private final Optional<String> username;
    private final Optional<String> password;
    private ContentWorker running;
    private PgSubscriber subscriber;

    public WorkerLifecycle(WorkerConfig worker, ContentConfig content, ContentQueue queue,
            Instance<ContentGenerator> generators, Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.worker = worker;
        this.content = content;
        this.queue = queue;
        this.generators = generators;
        this.vertx = vertx;
        this.url = url;
        this.username = username;
        this.password = password;
    }

    /** The generator named by cofounder.content.generator; an unknown name stops startup. */
    public ContentGenerator generator() {
        return generators.stream().filter(g -> g.name().equals(content.generator())).findFirst()
                .orElseThrow(() -> new IllegalStateException("Unknown cofounder.content.generator '"
                        + content.generator() + "': use template or openai"));
    }

    public ContentWorker.Settings settings() {
        return new ContentWorker.Settings(worker.concurrency(), worker.pollInterval(), worker.lease(),
                worker.maxAttempts(), worker.shutdownTimeout(), content.publishThreshold());
    }

    void start(@Observes StartupEvent event) {
        ContentGenerator generator = generator();
        if (!worker.enabled()) {
            LOG.info("Content worker disabled (cofounder.worker.enabled=false): this replica only serves the API");
            return;
        }
        running = new ContentWorker(queue, generator, settings(), vertx);
        running.start();
        listen();
        LOG.infof("Content worker started: generator %s, concurrency %d", generator.name(), worker.concurrency());
    }

    private void listen() {
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(retries -> Duration.ofSeconds(1).toMillis());
        subscriber.channel(CHANNEL).handler(payload -> running.wake());
        subscriber.connect().subscribe().with(
                connected -> LOG.debugf("Listening on %s", CHANNEL),
                failure -> LOG.warnf("Could not LISTEN on %s (polling still runs): %s", CHANNEL, failure.getMessage()));
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close().subscribe().with(ignored -> {
            }, failure -> {
            });
        }
        if (running != null) {
            running.stop().await().atMost(worker.shutdownTimeout().plusSeconds(5));
        }
    }
}
