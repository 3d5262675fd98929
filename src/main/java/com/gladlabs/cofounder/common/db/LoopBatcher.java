package com.gladlabs.cofounder.common.db;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Database requests of one kind that queue up on an event loop, sent together. Each event loop sends
 * its requests at once while fewer than {@code inFlight} of its batches are running; requests that
 * arrive meanwhile wait for one to finish and then go together in one round trip. A quiet service
 * therefore sends every request alone and at once; a busy one pays the database's fixed cost per
 * statement or per transaction once for several requests (bench/README: a commit, for creates).
 *
 * <p>Each caller gets its own answer, on its own context. A request sent alone is sent from its own
 * context, so its statement appears in its trace; a batch's statement serves several requests and is
 * sent from the event loop's root context, in no request's trace. A request that waited {@code maxWait} without
 * being sent (its loop's batches all stuck, say on a locked table) fails with a {@link TimeoutException},
 * a 503 as for a caller that got no pooled connection within the acquire timeout. Off an event loop, or
 * with {@code inFlight} 0, every request goes alone. State is per event-loop thread and touched only by
 * it: no locks.
 *
 * @param <I> what a request asks for
 * @param <O> what it gets back
 */
public abstract class LoopBatcher<I, O> {

    private final int inFlight;
    private final int batchMax;
    private final long maxWaitNanos;
    private final ThreadLocal<Loop> loops = ThreadLocal.withInitial(Loop::new);

    protected LoopBatcher(int inFlight, int batchMax, Duration maxWait) {
        this.inFlight = inFlight;
        this.batchMax = Math.max(1, batchMax);
        this.maxWaitNanos = Math.max(1, maxWait.toNanos());
    }

    /** The answer to one request, completed on the caller's context. */
    public final Future<O> submit(I item) {
        Context context = Vertx.currentContext();
        if (inFlight <= 0 || context == null || !Context.isOnEventLoopThread()) {
            return attempt(() -> one(item));
        }
        return loops.get().add(item, context);
    }

    /** One request alone. */
    protected abstract Future<O> one(I item);

    /** Several requests in one round trip: the answer of each, in their order. A failure fails them all. */
    protected abstract Future<List<O>> many(List<I> items);

    /** Whether a batch that failed so is sent again one request at a time, for each caller's own answer. */
    protected boolean retryAlone(Throwable failure) {
        return false;
    }

    /** A failed future for what the call threw: a throw must not leave a batch's callers unanswered. */
    private static <T> Future<T> attempt(java.util.function.Supplier<Future<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private final class Waiting {
        final I item;
        final Context context;
        final Promise<O> promise = Promise.promise();
        final long since = System.nanoTime();

        Waiting(I item, Context context) {
            this.item = item;
            this.context = context;
        }

        void complete(AsyncResult<O> result) {
            if (Vertx.currentContext() == context) {
                promise.handle(result);
            } else {
                context.runOnContext(ignored -> promise.handle(result));
            }
        }
    }

    /** One event loop's requests: those waiting, and how many of its batches are running. */
    private final class Loop {
        private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
        private Context home;
        private int running;
        private boolean scheduled;
        private boolean watching;

        Future<O> add(I item, Context context) {
            Waiting w = new Waiting(item, context);
            waiting.add(w);
            if (home == null) {
                home = VertxContext.getRootContext(context); // not this request's: the batch is everyone's
            }
            if (!scheduled && running < inFlight) {
                // after the requests this loop is handling now: they join the same batch
                scheduled = true;
                home.runOnContext(ignored -> send());
            }
            if (!watching) {
                watch(maxWaitNanos);
            }
            return w.promise.future();
        }

        /** In that many nanoseconds, fails the requests that waited too long to be sent. */
        private void watch(long nanos) {
            watching = true;
            home.owner().setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)), ignored -> home.runOnContext(x -> expire()));
        }

        private void expire() {
            watching = false;
            long now = System.nanoTime();
            while (!waiting.isEmpty() && now - waiting.peek().since >= maxWaitNanos) {
                waiting.poll().complete(Future.failedFuture(new TimeoutException("Timeout waiting for a batch to be sent")));
            }
            if (!waiting.isEmpty()) {
                watch(waiting.peek().since + maxWaitNanos - now);
            }
        }

        private void send() {
            scheduled = false;
            while (running < inFlight && !waiting.isEmpty()) {
                List<Waiting> batch = new ArrayList<>(Math.min(waiting.size(), batchMax));
                while (batch.size() < batchMax && !waiting.isEmpty()) {
                    batch.add(waiting.poll());
                }
                running++;
                run(batch).onComplete(ignored -> {
                    running--;
                    send();
                });
            }
        }

        /** Completes every caller of the batch; fails only if a caller could not be told. */
        private Future<Void> run(List<Waiting> batch) {
            if (batch.size() == 1) {
                // alone: sent from its own context, so that its statement stays in its request's trace
                Waiting only = batch.get(0);
                Promise<Void> told = Promise.promise();
                only.context.runOnContext(ignored -> attempt(() -> one(only.item)).onComplete(result -> {
                    only.complete(result);
                    told.complete();
                }));
                return told.future();
            }
            List<I> items = new ArrayList<>(batch.size());
            for (Waiting w : batch) {
                items.add(w.item);
            }
            return attempt(() -> many(items)).transform(done -> {
                if (done.succeeded()) {
                    List<O> answers = done.result();
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).complete(Future.succeededFuture(answers.get(i)));
                    }
                    return Future.<Void> succeededFuture();
                }
                if (!retryAlone(done.cause())) {
                    batch.forEach(w -> w.complete(Future.failedFuture(done.cause())));
                    return Future.<Void> succeededFuture();
                }
                List<Future<O>> each = new ArrayList<>(batch.size());
                for (Waiting w : batch) {
                    each.add(attempt(() -> one(w.item)).andThen(w::complete));
                }
                return Future.join(each).<Void> mapEmpty().otherwiseEmpty();
            });
        }
    }
}
