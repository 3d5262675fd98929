package com.gladlabs.cofounder.common.heap;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import com.gladlabs.cofounder.common.web.AdmissionGate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Collects the old generation while the API is idle, when it has grown by
 * {@code cofounder.heap.idle-collection.min-growth} since its last collection.
 *
 * <p>What a burst leaves in the old generation (the objects of closed connections, requests that
 * outlived young collections) stays there until the old generation fills, and with the serial
 * collector of deploy/ that happens during the next burst: its first young collections find no room
 * to promote into and turn into full collections, stopping every event loop while the new callers
 * wait (bench/README, "Issue 13, twelfth pass"). Collecting when nobody waits moves that pause off
 * the request path, and lets the JVM give the freed heap back. The JVM's own answer to this is G1's
 * {@code G1PeriodicGCInterval}; the serial and parallel collectors have none.
 *
 * <p>Idle means: sampled every half of {@code after}, no API request in flight or waiting at two
 * samples in a row, and no collection between them (any load allocates enough for young
 * collections). Event streams and WebSockets, which the admission gate does not count, do not keep
 * the service busy. After its collection the old generation has not grown, so a service that stays
 * idle is collected once, not again at every sample ({@link IdleRule}). The collection runs on a
 * worker thread; the timer stops at shutdown.
 */
@ApplicationScoped
public class IdleCollection {

    private static final Logger LOG = Logger.getLogger(IdleCollection.class);
    /** Quiet samples in a row before a collection: {@code after} is two sampling periods. */
    static final int QUIET_SAMPLES = 2;

    private final HeapConfig.IdleCollection config;
    private final AdmissionGate gate;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final AtomicBoolean collecting = new AtomicBoolean();
    private volatile boolean stopped;
    private volatile long timer = -1;
    private volatile Heap heap;
    private Timer collections;
    // Touched by the timer only (one event loop, one sample at a time); replaced with the heap.
    private volatile IdleRule rule;

    public IdleCollection(HeapConfig config, AdmissionGate gate, Vertx vertx, MeterRegistry registry) {
        this.config = config.idleCollection();
        this.gate = gate;
        this.vertx = vertx;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        collections = Timer.builder("cofounder_heap_idle_collection")
                .description("Full collections made while the API was idle, after the old generation grew").register(registry);
        long period = Math.max(10, config.after().toMillis() / QUIET_SAMPLES);
        timer = vertx.setPeriodic(period, id -> sample());
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (timer != -1) {
            vertx.cancelTimer(timer);
        }
    }

    /**
     * The test seam: readings (and the collection) of a test's own instead of the JVM's, whose own
     * collections move the real readings at moments a test cannot control. The rule starts afresh.
     */
    void use(Heap readings) {
        rule = null;
        heap = readings;
    }

    private void sample() {
        if (stopped || collecting.get()) {
            return;
        }
        Heap heap = this.heap;
        if (heap == null) {
            // The management beans are looked up at the first sample, not during the start.
            try {
                heap = new JvmHeap();
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError) {
                    throw e;
                }
                // e.g. a native executable built without the management beans
                LOG.infof("The heap's management beans are not available in this runtime (%s): idle collection off", e);
                vertx.cancelTimer(timer);
                return;
            }
            if (!heap.readable()) {
                LOG.info("No old generation with a collection usage in this runtime: idle collection off");
                vertx.cancelTimer(timer);
                return;
            }
            this.heap = heap;
        }
        IdleRule rule = this.rule;
        if (rule == null) {
            rule = new IdleRule(QUIET_SAMPLES, config.minGrowth().asLongValue());
            this.rule = rule;
        }
        Heap readings = heap;
        long[] growth = {0};
        if (!rule.sample(gate.quiet(), readings.collections(), () -> growth[0] = readings.oldGenerationGrowth())) {
            return;
        }
        collecting.set(true);
        vertx.executeBlocking(() -> {
            long start = System.nanoTime();
            readings.collect();
            long took = System.nanoTime() - start;
            collections.record(took, TimeUnit.NANOSECONDS);
            LOG.debugf("Idle collection: the old generation had grown by %d KiB; %d ms", growth[0] / 1024, took / 1_000_000);
            return null;
        }, false).onComplete(done -> collecting.set(false));
    }
}
