package com.gladlabs.cofounder.common.db;

import java.time.Duration;
import java.util.Optional;
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
 * notifications. It reconnects by itself after the database restarts and listens again on every
 * channel; what was sent while it was away is lost, so listeners also poll where that matters.
 */
@ApplicationScoped
public class PgNotifications {

    private static final Logger LOG = Logger.getLogger(PgNotifications.class);

    private final PgSubscriber subscriber;
    private boolean connecting;

    public PgNotifications(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        this.subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(retries -> Duration.ofSeconds(1).toMillis());
        this.subscriber.closeHandler(() -> LOG.debug("LISTEN connection closed; reconnecting"));
    }

    /** Calls the handler with the payload of every notification on the channel, from now on. */
    public synchronized void listen(String channel, Consumer<String> handler) {
        subscriber.channel(channel).handler(handler::accept);
        if (!connecting) {
            connecting = true;
            subscriber.connect().subscribe().with(
                    connected -> LOG.debugf("LISTEN connection open"),
                    failure -> LOG.warnf("Could not open the LISTEN connection (retrying): %s", failure.getMessage()));
        }
    }

    /** True while the LISTEN connection is open. */
    public boolean connected() {
        return !subscriber.closed() && subscriber.actualConnection() != null;
    }

    void close(@Observes ShutdownEvent event) {
        subscriber.close().subscribe().with(ignored -> {
        }, failure -> {
        });
    }
}
