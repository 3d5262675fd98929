package com.gladlabs.cofounder.task;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes new tasks, several concurrent creates per transaction when they queue up: group commit in
 * the service. Each event loop sends its creates at once while fewer than
 * {@link TaskConfig#createsInFlight()} of its transactions are running; creates that arrive meanwhile
 * wait for one to finish and then go together, as one pipelined batch of the same prepared INSERT
 * under one Sync, which PostgreSQL runs as one transaction with one commit. A quiet service therefore
 * sends every create alone and at once, as before; a busy one pays one commit for several rows, which
 * is what a commit costs the database most (bench/README: pgbench's INSERT against the service's).
 *
 * <p>Every create is still answered after its own row committed, and only for its own row: a batch
 * that PostgreSQL refuses (one row breaking a constraint rolls the whole transaction back) is sent
 * again one create per transaction, so each caller gets its own answer. A batch lost with its
 * connection fails its creates as a lone INSERT would (the ids are the callers', so nothing is
 * retried that might have committed).
 *
 * <p>State is per event-loop thread and touched only by it: no locks.
 */
@ApplicationScoped
public class TaskInserts {

    private final Pool pool;
    private final int inFlight;
    private final int batchMax;
    private final ThreadLocal<Loop> loops = ThreadLocal.withInitial(Loop::new);

    public TaskInserts(Pool pool, TaskConfig config) {
        this.pool = pool;
        this.inFlight = config.createsInFlight();
        this.batchMax = Math.max(1, config.createBatchMax());
    }

    /** Completes on the caller's context once the task's row committed. */
    public Future<Void> insert(Task task) {
        Context context = Vertx.currentContext();
        if (inFlight <= 0 || context == null || !Context.isOnEventLoopThread()) {
            return alone(task);
        }
        return loops.get().add(task, context);
    }

    private Future<Void> alone(Task task) {
        return pool.preparedQuery(TaskRows.INSERT).execute(TaskRows.values(task)).mapEmpty();
    }

    private record Waiting(Task task, Context context, Promise<Void> promise) {

        void complete(AsyncResult<Void> result) {
            if (Vertx.currentContext() == context) {
                promise.handle(result);
            } else {
                context.runOnContext(ignored -> promise.handle(result));
            }
        }
    }

    /** One event loop's creates: those waiting, and how many of its transactions are running. */
    private final class Loop {
        private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
        private Context home;
        private int running;
        private boolean scheduled;

        Future<Void> add(Task task, Context context) {
            Promise<Void> promise = Promise.promise();
            waiting.add(new Waiting(task, context, promise));
            if (home == null) {
                home = VertxContext.getRootContext(context); // not this request's: the batch is everyone's
            }
            if (!scheduled && running < inFlight) {
                // after the requests this loop is handling now: they join the same transaction
                scheduled = true;
                home.runOnContext(ignored -> send());
            }
            return promise.future();
        }

        private void send() {
            scheduled = false;
            while (running < inFlight && !waiting.isEmpty()) {
                List<Waiting> batch = new ArrayList<>(Math.min(waiting.size(), batchMax));
                while (batch.size() < batchMax && !waiting.isEmpty()) {
                    batch.add(waiting.poll());
                }
                running++;
                write(batch).onComplete(ignored -> {
                    running--;
                    send();
                });
            }
        }

        private Future<Void> write(List<Waiting> batch) {
            if (batch.size() == 1) {
                Waiting only = batch.get(0);
                return alone(only.task()).andThen(only::complete).recover(ignored -> Future.succeededFuture());
            }
            List<Tuple> rows = new ArrayList<>(batch.size());
            for (Waiting w : batch) {
                rows.add(TaskRows.values(w.task()));
            }
            return pool.preparedQuery(TaskRows.INSERT).executeBatch(rows).<Void> mapEmpty().transform(done -> {
                if (done.succeeded() || !(done.cause() instanceof PgException)) {
                    batch.forEach(w -> w.complete(done));
                    return Future.succeededFuture();
                }
                // PostgreSQL refused a row and rolled back all of them: each on its own, for its own answer
                List<Future<Void>> each = new ArrayList<>(batch.size());
                for (Waiting w : batch) {
                    each.add(alone(w.task()).andThen(w::complete));
                }
                return Future.join(each).<Void> mapEmpty().recover(ignored -> Future.succeededFuture());
            });
        }
    }
}
