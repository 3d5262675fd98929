package com.gladlabs.cofounder.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.jboss.logging.Logger;

import com.gladlabs.cofounder.common.db.DatabaseConfig;
import com.gladlabs.cofounder.common.db.LoopBatcher;
import com.gladlabs.cofounder.events.TaskEvent;
import com.gladlabs.cofounder.events.TaskEventHub;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

/**
 * Tasks by id in Redis, never older than what a caller was told was written.
 *
 * <p><b>Entries.</b> {@code <prefix>task:<epoch>:<id>} holds {@code <version>|<kind>|<json>}: kind
 * {@code B} the task's JSON at that version, {@code M} a marker (the task is at least at that version,
 * its JSON is not here), {@code D} a tombstone (deleted at that version). Every write goes through one
 * Lua script that replaces an entry only with a newer version, or at the same version with a stronger
 * kind (M, then B, then D): a fill of what a read found in PostgreSQL never replaces what a later write
 * put there, and never brings back a deleted task.
 *
 * <p><b>Writes.</b> The service's own writes put the new version (a delete its tombstone) before they
 * answer. Changes made elsewhere (plain SQL, the content worker of any replica) reach Redis through the
 * change feed: every replica puts a marker of each changed version, a tombstone of each delete.
 *
 * <p><b>Epoch.</b> {@code <prefix>epoch} names the generation of entries in use; every write script reads
 * it, and every read asks for it in the same {@code MGET} as the entries (one atomic command), so a new
 * epoch hides every older entry at once, on every replica. A read names the entries under the epoch this
 * replica last saw; when the epoch it gets back is another, what it got is not used (the reads go to
 * PostgreSQL, their fills to the new epoch) and the next reads name the new one. A replica starts a new epoch when it
 * cannot vouch for the entries: when it starts (changes made while no replica followed the feed are not
 * in Redis), after any failed or skipped write to Redis (a timeout, an open breaker), and when its feed
 * has a hole. Until that new epoch is written, its reads go to PostgreSQL.
 *
 * <p><b>Failures.</b> Every call is bounded by {@code timeout}; a failed call never fails a request.
 * {@code breaker.failures} consecutive failures open the breaker: for {@code breaker.open-for} every
 * read goes to PostgreSQL without asking Redis; then one call tries again.
 */
@ApplicationScoped
public class TaskCache {

    private static final Logger LOG = Logger.getLogger(TaskCache.class);

    /**
     * Writes an entry unless one as new is there: 1 written, 0 refused (a newer version, or a stronger
     * kind of the same one), 2 the same entry is there, -1 the epoch is no longer the one expected.
     * ARGV: key prefix, id, version, kind, json, ttl in ms, expected epoch ('' for the current one).
     */
    static final String WRITE = """
            local e = redis.call('GET', KEYS[1]) or '0'
            if ARGV[7] ~= '' and ARGV[7] ~= e then return -1 end
            local key = ARGV[1] .. e .. ':' .. ARGV[2]
            local v = tonumber(ARGV[3])
            local rank = {M = 0, B = 1, D = 2}
            local cur = redis.call('GET', key)
            if cur then
              local cv, ck = string.match(cur, '^(%d+)|(%u)|')
              cv = tonumber(cv)
              if cv ~= nil then
                if cv > v or (cv == v and rank[ck] > rank[ARGV[4]]) then return 0 end
                if cv == v and ck == ARGV[4] then return 2 end
              end
            end
            redis.call('SET', key, ARGV[3] .. '|' .. ARGV[4] .. '|' .. ARGV[5], 'PX', ARGV[6])
            return 1
            """;

    /** What a read found. */
    public enum State {
        /** The task's JSON at its current version. */
        HIT,
        /** A tombstone: the task was deleted. */
        DELETED,
        /** Nothing usable: read PostgreSQL, then {@link #fill} what it answered. */
        MISS,
        /** Redis is not used now (off, failing, or its entries not trusted yet): read PostgreSQL alone. */
        BYPASS
    }

    /** A read's outcome; {@code epoch} is the generation a fill must still find. */
    public record Lookup(State state, long version, Buffer json, String epoch) {
        static final Lookup BYPASSED = new Lookup(State.BYPASS, 0, null, null);
    }

    private final CacheConfig config;
    private final Instance<Redis> clients;
    private final LoopRedisClients loopClients;
    private final TaskEventHub hub;
    private final DatabaseConfig database;
    private final String epochKey;
    private final String entryPrefix;
    private final String ttl;
    private final long timeoutMs;
    private final Reads reads;
    private final String writeSha;
    private final LongAdder hits;
    private final LongAdder misses;
    private final LongAdder tombstones;
    private final LongAdder bypassed;
    private final LongAdder fillsRejected;
    private final LongAdder errors;
    private final LongAdder epochs;
    private final Timer calls;
    private final AtomicInteger failures = new AtomicInteger();
    private volatile long closedAt;
    /** Raised by every failed or skipped write; the entries are trusted while it equals {@link #trusted}. */
    private final AtomicLong untrusted = new AtomicLong(1); // a starting replica does not vouch for them
    private final AtomicLong trusted = new AtomicLong();
    private final AtomicBoolean renewing = new AtomicBoolean();
    private volatile boolean failing;
    private volatile Redis redis;
    /** The epoch this replica last saw in Redis (its own INCR, or a read's answer); reads name entries under it. */
    private volatile String epoch;

    public TaskCache(CacheConfig config, Instance<Redis> clients, LoopRedisClients loopClients, TaskEventHub hub,
            DatabaseConfig database, MeterRegistry registry) {
        this.config = config;
        this.clients = clients;
        this.loopClients = loopClients;
        this.hub = hub;
        this.database = database;
        this.epochKey = config.keyPrefix() + "epoch";
        this.entryPrefix = config.keyPrefix() + "task:";
        this.ttl = Long.toString(config.ttl().toMillis());
        this.timeoutMs = Math.max(1, config.timeout().toMillis());
        // Off, the cache costs a start nothing: no digest, no meters (they would show an unused cache).
        boolean on = config.enabled();
        this.writeSha = on ? sha1(WRITE) : null;
        this.reads = on ? new Reads(config) : null;
        this.hits = on ? counter(registry, "cofounder_cache_hits", "Reads by id answered from Redis") : null;
        this.misses = on ? counter(registry, "cofounder_cache_misses", "Reads by id that Redis could not answer (read from PostgreSQL)") : null;
        this.tombstones = on ? counter(registry, "cofounder_cache_tombstone_hits", "Reads by id answered 404 from a tombstone in Redis") : null;
        this.bypassed = on ? counter(registry, "cofounder_cache_bypassed",
                "Reads by id sent to PostgreSQL without asking Redis (breaker open, or entries not trusted yet)") : null;
        this.fillsRejected = on ? counter(registry, "cofounder_cache_fills_rejected",
                "Fills refused because Redis already held a newer version (or a tombstone)") : null;
        this.errors = on ? counter(registry, "cofounder_cache_errors", "Redis calls that failed or timed out") : null;
        this.epochs = on ? counter(registry, "cofounder_cache_epochs", "New cache epochs started by this replica") : null;
        this.calls = on ? Timer.builder("cofounder_cache_call").description("Time of each Redis call").register(registry) : null;
    }

    /**
     * A counter read by the registry when it is scraped: counting a read is one uncontended add, where a
     * registered counter goes through the composite registry on every read (1.4% of a cached read's CPU).
     */
    private static LongAdder counter(MeterRegistry registry, String name, String description) {
        LongAdder count = new LongAdder();
        FunctionCounter.builder(name, count, LongAdder::doubleValue).description(description).register(registry);
        return count;
    }

    public boolean enabled() {
        return config.enabled();
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled() || database.migrateOnly()) {
            return;
        }
        redis = clients.get();
        hub.listen(this::changed);
        hub.onGap(this::distrust);
        renew(); // a new epoch before the first read: see the class comment
    }

    /**
     * The task's entry: its JSON, its tombstone, or a miss to fill. Never fails. Reads that queue up on an
     * event loop go to Redis together, in one {@code MGET} ({@link Reads}).
     */
    public Future<Lookup> read(UUID id) {
        if (!usable()) {
            bypassed.increment();
            return Future.succeededFuture(Lookup.BYPASSED);
        }
        // A read that waited the timeout for its batch to be sent goes to PostgreSQL like a failed one.
        return reads.submit(id).otherwise(failure -> {
            errors.increment();
            return bypass();
        });
    }

    /** Reads of Redis batched per event loop, as {@code TaskReads} batches reads of PostgreSQL. */
    private final class Reads extends LoopBatcher<UUID, Lookup> {

        Reads(CacheConfig config) {
            super(config.readsInFlight(), config.batchMax(), config.timeout());
        }

        @Override
        protected Future<Lookup> one(UUID id) {
            return many(List.of(id)).map(found -> found.get(0));
        }

        /**
         * One {@code MGET} of the epoch key and each task's entry under the epoch last seen: atomic, so the
         * entries are the current generation's exactly when the epoch that comes back is the one named.
         * (A Lua script doing the same cost Redis about twice the CPU per read, measured in bench/README.)
         */
        @Override
        protected Future<List<Lookup>> many(List<UUID> ids) {
            String named = epoch;
            String prefix = entryPrefix + named + ':';
            Request request = Request.cmd(Command.MGET).arg(epochKey);
            for (UUID id : ids) {
                request.arg(prefix + id);
            }
            Redis client = loopClients.current();
            return call((client != null ? client : redis).send(request), System.nanoTime(), false).map(response -> {
                List<Lookup> found = new ArrayList<>(ids.size());
                if (response == null) {
                    for (int i = 0; i < ids.size(); i++) {
                        found.add(bypass());
                    }
                    return found;
                }
                Response current = response.get(0);
                String now = current == null ? "0" : current.toString(); // as the write script reads a missing epoch
                if (!now.equals(named)) {
                    // Another generation began (another replica's new epoch, a Redis that lost its keys): these
                    // entries are not its own. PostgreSQL answers; the fills go to the new epoch.
                    epoch = now;
                    for (int i = 0; i < ids.size(); i++) {
                        found.add(lookup(now, null));
                    }
                    return found;
                }
                for (int i = 0; i < ids.size(); i++) {
                    found.add(lookup(now, response.get(i + 1)));
                }
                return found;
            });
        }
    }

    private Lookup bypass() {
        bypassed.increment();
        return Lookup.BYPASSED;
    }

    /**
     * An entry as read ({@code <version>|<kind>|<json>}), or null. The JSON stays the bytes Redis sent (a
     * slice of them): it goes out as it came, never decoded into a string and encoded again.
     */
    private Lookup lookup(String epoch, Response entry) {
        if (entry == null) {
            misses.increment();
            return new Lookup(State.MISS, 0, null, epoch);
        }
        Buffer value = entry.toBuffer();
        long version = 0;
        int bar = 0;
        byte b;
        while (bar < value.length() && bar < 19 && (b = value.getByte(bar)) >= '0' && b <= '9') {
            version = version * 10 + (b - '0');
            bar++;
        }
        if (bar == 0 || value.length() < bar + 3 || value.getByte(bar) != '|' || value.getByte(bar + 2) != '|') {
            // Not written by the write script (something else set the key): read PostgreSQL; the fill replaces it.
            misses.increment();
            return new Lookup(State.MISS, 0, null, epoch);
        }
        byte kind = value.getByte(bar + 1);
        if (kind == 'B') {
            hits.increment();
            return new Lookup(State.HIT, version, value.slice(bar + 3, value.length()), epoch);
        }
        if (kind == 'D') {
            tombstones.increment();
            return new Lookup(State.DELETED, version, null, epoch);
        }
        misses.increment();
        return new Lookup(State.MISS, version, null, epoch);
    }

    /**
     * Puts what a read found in PostgreSQL, unless Redis holds a newer version, a tombstone, or a newer
     * epoch began since the read. Completes when Redis answered (so that the reader's next read finds
     * at least this version) or the call failed; never fails.
     */
    public Future<Void> fill(Lookup miss, UUID id, long version, Buffer json) {
        if (miss.state() != State.MISS) {
            return Future.succeededFuture();
        }
        return write(id, version, 'B', json, miss.epoch(), false).mapEmpty();
    }

    /** A write of the service committed this version: Redis holds it before the caller is answered. */
    public Future<Void> written(UUID id, long version, Buffer json) {
        return write(id, version, 'B', json, "", true).mapEmpty();
    }

    /** A delete of the service committed: a tombstone keeps slower fills from bringing the task back. */
    public Future<Void> deleted(UUID id, long version) {
        return write(id, version, 'D', null, "", true).mapEmpty();
    }

    /** A change from the feed: a marker of its version, or the tombstone of a delete. */
    private void changed(TaskEvent event) {
        switch (event.name()) {
            case "task.updated" -> write(event.id(), event.version(), 'M', null, "", true);
            case "task.deleted" -> write(event.id(), event.version(), 'D', null, "", true);
            default -> {
                // A created task has no entry to correct; a fill reads it from PostgreSQL.
            }
        }
    }

    /** Something may be missing from Redis: a new epoch before it is used again. */
    private void distrust() {
        untrusted.incrementAndGet();
    }

    private Future<Integer> write(UUID id, long version, char kind, Buffer json, String epoch, boolean mustLand) {
        if (!usable()) {
            if (mustLand) {
                distrust(); // this change is not in Redis: its older entries must not be served later
            }
            return Future.succeededFuture(0);
        }
        return writeScript(mustLand, id, version, kind, json, epoch).map(response -> {
            if (response == null) {
                return 0;
            }
            int outcome = response.toInteger();
            if (outcome == 0 && kind == 'B' && !mustLand) {
                fillsRejected.increment();
            }
            return outcome;
        });
    }

    /** Whether Redis may be used now: the breaker is closed and the entries are trusted. */
    private boolean usable() {
        if (redis == null) {
            return false;
        }
        if (failures.get() >= config.breaker().failures() && System.nanoTime() < closedAt) {
            return false;
        }
        if (untrusted.get() != trusted.get()) {
            renew();
            return false;
        }
        return true;
    }

    /** Starts a new epoch (once at a time); the entries are trusted again when it is written. */
    private void renew() {
        if (redis == null || !renewing.compareAndSet(false, true)) {
            return;
        }
        long mark = untrusted.get();
        call(redis.send(Request.cmd(Command.INCR).arg(epochKey)), System.nanoTime(), false).onComplete(done -> {
            renewing.set(false);
            if (done.result() != null) {
                epoch = done.result().toString();
                trusted.set(mark); // a write skipped meanwhile raised untrusted again: another epoch then
                epochs.increment();
                LOG.debugf("Task cache: epoch %s", done.result());
            }
        });
    }

    /**
     * The write script ({@link #WRITE}) with the epoch key and its arguments: by its SHA, or whole when
     * Redis does not know it yet (NOSCRIPT: after a restart or SCRIPT FLUSH).
     */
    private Future<Response> writeScript(boolean mustLand, UUID id, long version, char kind, Buffer json, String epoch) {
        long start = System.nanoTime();
        Future<Response> sent = redis.send(writeArgs(Request.cmd(Command.EVALSHA).arg(writeSha), id, version, kind, json, epoch))
                .recover(failure -> failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT")
                        ? redis.send(writeArgs(Request.cmd(Command.EVAL).arg(WRITE), id, version, kind, json, epoch))
                        : Future.failedFuture(failure));
        return call(sent, start, mustLand);
    }

    /** {@code json} null for a marker or a tombstone. (No Buffer constant: a native image cannot hold one.) */
    private Request writeArgs(Request request, UUID id, long version, char kind, Buffer json, String epoch) {
        request.arg(1).arg(epochKey).arg(entryPrefix).arg(id.toString()).arg(version).arg(String.valueOf(kind));
        return (json == null ? request.arg("") : request.arg(json)).arg(ttl).arg(epoch);
    }

    /**
     * A Redis call bounded by the timeout; answers null when it failed (counted, and the breaker told).
     * A write that must land and may not have makes the entries untrusted until a new epoch.
     */
    private Future<Response> call(Future<Response> sent, long start, boolean mustLand) {
        return sent.timeout(timeoutMs, TimeUnit.MILLISECONDS).transform(done -> {
            calls.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            if (done.succeeded()) {
                failures.set(0);
                if (failing) {
                    failing = false;
                    LOG.info("Redis answers again: task cache in use");
                }
                return Future.succeededFuture(done.result());
            }
            errors.increment();
            if (mustLand) {
                distrust();
            }
            if (failures.incrementAndGet() >= config.breaker().failures()) {
                closedAt = System.nanoTime() + config.breaker().openFor().toNanos();
                distrust(); // feed changes are skipped while the breaker is open
                if (!failing) {
                    failing = true;
                    LOG.warnf("Redis failing (%s): task reads go to PostgreSQL, trying Redis again every %d ms",
                            done.cause().toString(), config.breaker().openFor().toMillis());
                }
            }
            return Future.succeededFuture(null);
        });
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
