package com.gladlabs.cofounder.common.db;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnectOptions;
import jakarta.inject.Singleton;

/**
 * Builds the reactive pool Quarkus configured, adding the two bounds it has no setting for: how
 * long a caller waits for a connection and how long opening one may take. Without them a request
 * waits 30 s for an exhausted pool or an unreachable server; with them it fails fast and answers 503.
 * It also builds the smaller pools of features that must not queue behind requests (the change
 * feed), to the same servers with the same connection settings (credentials, TLS, options).
 */
@Singleton
public class BoundedWaitPoolCreator implements PgPoolCreator {

    private final DatabaseConfig config;
    private volatile Input input;

    public BoundedWaitPoolCreator(DatabaseConfig config) {
        this.config = config;
    }

    @Override
    public Pool create(Input input) {
        this.input = input;
        PoolOptions options = input.poolOptions()
                .setConnectionTimeout((int) config.acquireTimeout().toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        return PgBuilder.pool()
                .with(options)
                .connectingTo(servers(input, null))
                .using(input.vertx())
                .build();
    }

    /**
     * A pool of its own with the request pool's connection settings, named in the client metrics.
     * Call it once the request pool exists (inject the Pool and use it first).
     */
    public Pool sidePool(String name, int size) {
        Input configured = input;
        if (configured == null) {
            throw new IllegalStateException("The request pool has not been created yet");
        }
        PoolOptions options = new PoolOptions().setName(name).setMaxSize(size)
                .setConnectionTimeout((int) config.acquireTimeout().toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
                .setIdleTimeout(10).setIdleTimeoutUnit(TimeUnit.MINUTES);
        return PgBuilder.pool().with(options).connectingTo(servers(configured, name)).using(configured.vertx()).build();
    }

    private List<SqlConnectOptions> servers(Input configured, String metricsName) {
        List<SqlConnectOptions> servers = new ArrayList<>();
        for (PgConnectOptions server : configured.pgConnectOptionsList()) {
            PgConnectOptions options = metricsName == null ? server : new PgConnectOptions(server).setMetricsName(metricsName);
            servers.add(options.setConnectTimeout((int) config.connectTimeout().toMillis()));
        }
        return servers;
    }
}
