package com.gladlabs.cofounder.cache;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The Redis cache of tasks read by id (env: COFOUNDER_CACHE_*). Off by default: nothing connects to
 * Redis then. On, it needs a Redis: QUARKUS_REDIS_HOSTS=redis://host:6379 (dev mode and tests start an
 * embedded one when none is given).
 */
@ConfigMapping(prefix = "cofounder.cache")
public interface CacheConfig {

    /** Reads by id are served from Redis when it holds the task's current version. */
    @WithDefault("false")
    boolean enabled();

    /** How long an entry (a task, a deleted task's tombstone, a version marker) lives in Redis. */
    @WithDefault("PT10M")
    Duration ttl();

    /**
     * The longest a request waits for Redis. A call that takes longer counts as a failure: the read
     * goes to PostgreSQL, and the entries written before it are no longer trusted (see {@link TaskCache}).
     */
    @WithDefault("PT0.25S")
    Duration timeout();

    /** Prefix of every key this service writes, so that several deployments can share one Redis. */
    @WithDefault("cofounder:")
    String keyPrefix();

    /**
     * Reads of Redis each event loop keeps running. Reads that arrive while that many run wait for the
     * next one and go together in one MGET; 0 sends every read alone.
     */
    @WithDefault("2")
    int readsInFlight();

    /** Most reads in one MGET. */
    @WithDefault("64")
    int batchMax();

    /** When Redis is failing: the circuit breaker. */
    Breaker breaker();

    interface Breaker {

        /** Consecutive failed calls that open the breaker: Redis is then left alone for {@link #openFor()}. */
        @WithDefault("3")
        int failures();

        /** How long an open breaker sends every read to PostgreSQL before one call tries Redis again. */
        @WithDefault("PT2S")
        Duration openFor();
    }
}
