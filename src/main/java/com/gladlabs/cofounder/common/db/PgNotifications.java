package com.gladlabs.cofounder.common.db;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * This replica's one LISTEN connection to the database, shared by every feature that wants
 * notifications. A lost connection is re-established by the subscriber itself (every second) and
 * listens again on every channel; a connection that could not be opened at all (the database was
 * not up yet) is tried again every few seconds with a fresh subscriber. What was sent while no
 * connection was open is lost, so listeners also poll where that matters.
 */
@ApplicationScoped
public class PgNotifications {

    private static final Logger LOG = Logger.getLogger(PgNotifications.class);
    private static final Duration FIRST_CONNECT_RETRY = Duration.ofSeconds(3);

    private final Vertx vertx;
    private final PgConnectOptions options;
    private final Map<String, Consumer<String>> channels = new ConcurrentHashMap<>();
    private PgSubscriber subscriber;
    private boolean started;
    private volatile boolean closing;

    public PgNotifications(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        // Its own name in the client metrics: the request pool is the <default> one.
        options.setMetricsName("listen");
    }

    /** Calls the handler with the payload of every notification on the channel, from now on. */
    public synchronized void listen(String channel, Consumer<String> handler) {
        channels.put(channel, handler);
        if (subscriber != null) {
            subscriber.channel(channel).handler(handler::accept);
        }
        if (!started) {
            started = true;
            connect();
        }
    }

    private synchronized void connect() {
        if (closing) {
            return;
        }
        PgSubscriber attempt = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(retries -> Duration.ofSeconds(1).toMillis());
        channels.forEach((channel, handler) -> attempt.channel(channel).handler(handler::accept));
        subscriber = attempt;
        attempt.connect().subscribe().with(
                connected -> LOG.debug("LISTEN connection open"),
                failure -> {
                    LOG.warnf("Could not open the LISTEN connection, retrying in %ss: %s",
                            FIRST_CONNECT_RETRY.toSeconds(), failure.getMessage());
                    attempt.close().subscribe().with(ignored -> {
                    }, ignored -> {
                    });
                    vertx.setTimer(FIRST_CONNECT_RETRY.toMillis(), id -> connect());
                });
    }

    synchronized void close(@Observes ShutdownEvent event) {
        closing = true;
        if (subscriber != null) {
            subscriber.close().subscribe().with(ignored -> {
            }, failure -> {
            });
        }
    }
}
