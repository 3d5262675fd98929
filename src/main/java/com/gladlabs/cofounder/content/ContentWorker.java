package com.gladlabs.cofounder.content;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Claims pending content tasks and has them generated, up to {@code concurrency} at a time. It
 * wakes when told (a notification of new work) and on every poll, recovers tasks whose lease ran
 * out, and on stop claims nothing more and finishes or releases what it holds. It never blocks: every
 * step is a non-blocking database call or generator call, run on Vert.x.
 */
public class ContentWorker {

    private static final Logger LOG = Logger.getLogger(ContentWorker.class);

    /** The settings a worker runs with; from {@link WorkerConfig} and {@link ContentConfig} in the service. */
    public record Settings(int concurrency, Duration pollInterval, Duration lease, int maxAttempts,
            Duration shutdownTimeout, int publishThreshold) {
    }

    private final ContentQueue queue;
    private final ContentGenerator generator;
    private final Settings settings;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean claiming = new AtomicBoolean();
    private final AtomicBoolean wakeAgain = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Set<ClaimedTask> held = ConcurrentHashMap.newKeySet();
    private long pollTimer = -1;

    public ContentWorker(ContentQueue queue, ContentGenerator generator, Settings settings, Vertx vertx) {
        this.queue = queue;
        this.generator = generator;
        this.settings = settings;
        this.vertx = vertx;
    }

    public void start() {
        if (running.compareAndSet(false, true)) {
            pollTimer = vertx.setPeriodic(settings.pollInterval().toMillis(), id -> poll());
            poll();
        }
    }

    /** Look for work now (a task was created or went back to pending). */
    public void wake() {
        if (!running.get()) {
            return;
        }
        if (!claiming.compareAndSet(false, true)) {
            wakeAgain.set(true); // the claim in flight looks again when it ends
            return;
        }
        int free = settings.concurrency() - inFlight.get();
        if (free <= 0) {
            claiming.set(false);
            return;
        }
        wakeAgain.set(false);
        queue.claim(free).subscribe().with(tasks -> {
            inFlight.addAndGet(tasks.size());
            claiming.set(false);
            tasks.forEach(this::process);
            if (!tasks.isEmpty() && tasks.size() == free || wakeAgain.getAndSet(false)) {
                wake();
            }
        }, failure -> {
            claiming.set(false);
            LOG.warnf("Could not claim content tasks: %s", failure.getMessage());
        });
    }

    private void poll() {
        if (!running.get()) {
            return;
        }
        queue.recoverExpired(settings.lease(), settings.maxAttempts()).subscribe().with(recovered -> {
            if (recovered > 0) {
                LOG.infof("Recovered %d content task(s) whose lease expired", recovered);
            }
            wake();
        }, failure -> {
            LOG.warnf("Could not recover expired content tasks: %s", failure.getMessage());
            wake();
        });
    }

    private void process(ClaimedTask task) {
        held.add(task);
        long start = System.nanoTime();
        Uni.createFrom().deferred(() -> generator.generate(task.brief(), percent -> queue.progress(task, percent)))
                .chain(content -> {
                    Article article = Article.measure(task.brief(), content);
                    long durationMs = (System.nanoTime() - start) / 1_000_000;
                    return queue.complete(task, article, result(task, article, content, durationMs), approval(task, article));
                })
                .onFailure().recoverWithUni(failure -> queue.fail(task, reason(failure), settings.maxAttempts())
                        .invoke(status -> LOG.infof("Content task %s attempt %d failed (%s): %s", task.id(),
                                task.attempt(), status, reason(failure)))
                        .replaceWith(false))
                .onTermination().invoke(() -> {
                    held.remove(task);
                    inFlight.decrementAndGet();
                    wake();
                })
                .subscribe().with(stored -> {
                }, failure -> LOG.warnf("Content task %s: could not record the outcome: %s", task.id(),
                        failure.getMessage()));
    }

    private String approval(ClaimedTask task, Article article) {
        return "publish".equals(task.publishMode()) && article.qualityScore() >= settings.publishThreshold()
                ? "published"
                : "awaiting_approval";
    }

    private Map<String, Object> result(ClaimedTask task, Article article, GeneratedContent content, long durationMs) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("title", article.title());
        result.put("excerpt", article.excerpt());
        result.put("word_count", article.wordCount());
        result.put("quality_score", article.qualityScore());
        result.put("tags", task.brief().tags().isEmpty() ? List.of(task.brief().keyword()) : task.brief().tags());
        result.put("generator", generator.name());
        result.put("model_used", content.modelUsed());
        result.put("duration_ms", durationMs);
        result.put("checks", article.checks());
        return result;
    }

    private static String reason(Throwable failure) {
        String message = failure.getMessage();
        String kind = failure.getClass().getSimpleName();
        String reason = message == null || message.isBlank() ? kind : kind + ": " + message;
        return reason.length() > 1000 ? reason.substring(0, 1000) : reason;
    }

    /**
     * Stops claiming, waits up to the shutdown timeout for running generations, then releases what
     * is still held so that another replica takes it at once instead of after the lease.
     */
    public Uni<Void> stop() {
        if (!running.compareAndSet(true, false)) {
            return Uni.createFrom().voidItem();
        }
        vertx.cancelTimer(pollTimer);
        return finishHeld(System.nanoTime() + settings.shutdownTimeout().toNanos())
                .chain(this::releaseHeld)
                .invoke(() -> LOG.info("Content worker stopped"));
    }

    private Uni<Void> finishHeld(long deadline) {
        if (held.isEmpty() || System.nanoTime() > deadline) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(50))
                .chain(() -> finishHeld(deadline));
    }

    private Uni<Void> releaseHeld() {
        List<Uni<Void>> releases = held.stream().map(queue::release).toList();
        if (releases.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        LOG.infof("Releasing %d content task(s) still generating at shutdown", releases.size());
        return Uni.join().all(releases).andCollectFailures().replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("Could not release held content tasks: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    public int inFlight() {
        return inFlight.get();
    }

    Set<UUID> heldIds() {
        return Set.copyOf(held.stream().map(ClaimedTask::id).toList());
    }
}
