package com.gladlabs.cofounder.cache;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.quarkus.redis.client.RedisOptionsCustomizer;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * A Redis client of each event loop's own, made with the options Quarkus built for its default client
 * (hosts, password, TLS, pool: every {@code quarkus.redis.*} setting), for the reads of the task cache.
 *
 * <p>Why: a Vert.x Redis client opens all its connections on the event loop it was created on. Quarkus
 * creates its client once, so every reply was read on that one loop and handed to the reader's loop as a
 * task, waking it up (bench/README, issue 17 seventh pass). A client made on the reader's own loop reads
 * its replies where its callers wait, as the bare yardstick of bench/peers does.
 *
 * <p>A loop's client is made on the loop's root context (never a request's duplicated one, whose locals
 * the connections would keep) the first time a read needs it; until then, and off an event loop, the
 * reads use Quarkus' client. Each client has its own pool of at most {@code quarkus.redis.max-pool-size}
 * connections. (No injected Vert.x: Quarkus asks its customizers before the Vert.x bean exists; a loop's
 * context has its owner.) Only a standalone Redis gets clients per loop: a cluster or sentinel client discovers its
 * topology, and one of those per loop is not worth it. The clients are closed at shutdown.
 */
@Singleton
public class LoopRedisClients implements RedisOptionsCustomizer {

    /** The name Quarkus gives its default client (VertxRedisClientFactory.DEFAULT_CLIENT). */
    static final String DEFAULT_CLIENT = "<default>";

    private final ThreadLocal<Redis> own = new ThreadLocal<>();
    private final List<Redis> made = new CopyOnWriteArrayList<>();
    private volatile RedisOptions options;
    private volatile boolean closed;

    @Override
    public void customize(String clientName, RedisOptions options) {
        if (DEFAULT_CLIENT.equals(clientName) && options.getType() == RedisClientType.STANDALONE) {
            this.options = new RedisOptions(options);
        }
    }

    /**
     * This event loop's client, or null: off an event loop, for a Redis that is not standalone, after
     * shutdown, or while the loop's client is being made (it is made on the loop's root context, after the
     * task running now).
     */
    Redis current() {
        Redis client = own.get();
        if (client != null || options == null || closed || !Context.isOnEventLoopThread()) {
            return client;
        }
        Context context = Vertx.currentContext();
        if (context == null) {
            return null;
        }
        Context root = VertxContext.getRootContext(context);
        if (root != context) {
            root.runOnContext(ignored -> current());
            return null;
        }
        // On the root context: the client's connections are opened on this context, so on this loop.
        client = Redis.createClient(context.owner(), new RedisOptions(options));
        made.add(client);
        if (closed) { // shut down meanwhile: stop() may not have seen it
            client.close();
            return null;
        }
        own.set(client);
        return client;
    }

    /** How many loops have a client of their own (for tests). */
    int made() {
        return made.size();
    }

    void stop(@Observes ShutdownEvent event) {
        if (closed) {
            return;
        }
        closed = true;
        made.forEach(Redis::close);
    }
}
