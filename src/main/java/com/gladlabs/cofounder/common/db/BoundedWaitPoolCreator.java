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
 */
@Singleton
public class BoundedWaitPoolCreator implements PgPoolCreator {

    private final DatabaseConfig config;

    public BoundedWaitPoolCreator(DatabaseConfig config) {
        this.config = config;
    }

    @Override
    public Pool create(Input input) {
        PoolOptions options = input.poolOptions()
                .setConnectionTimeout((int) config.acquireTimeout().toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        List<SqlConnectOptions> servers = new ArrayList<>();
        for (PgConnectOptions server : input.pgConnectOptionsList()) {
            servers.add(server.setConnectTimeout((int) config.connectTimeout().toMillis()));
        }
        return PgBuilder.pool()
                .with(options)
                .connectingTo(servers)
                .using(input.vertx())
                .build();
    }
}
