package com.gladlabs.cofounder.task;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Requests submitted from one event loop in one go, as requests arriving together are. */
final class OneTick {

    private OneTick() {
    }

    /** Submits every item in one event-loop task and waits for all their outcomes, failed or not. */
    static <I, O> List<Future<O>> together(Vertx vertx, Function<I, Future<O>> submit, List<I> items) throws Exception {
        CompletableFuture<List<Future<O>>> sent = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(ignored -> sent.complete(items.stream().map(submit).toList()));
        List<Future<O>> outcomes = sent.get(10, TimeUnit.SECONDS);
        Future.join(outcomes).toCompletionStage().toCompletableFuture()
                .handle((done, failure) -> null).get(30, TimeUnit.SECONDS);
        return outcomes;
    }
}
