package com.gladlabs.cofounder.common.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/** The batching itself, on a real event loop: who goes together, how many run, who gets which answer. */
class LoopBatcherTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Doubles numbers; a batch holding a negative one fails; answers when told to. */
    static final class Doubler extends LoopBatcher<Integer, Integer> {
        final List<List<Integer>> sent = new CopyOnWriteArrayList<>();
        final List<Promise<Void>> running = new CopyOnWriteArrayList<>();
        volatile boolean hold;

        Doubler(int inFlight) {
            this(inFlight, Duration.ofSeconds(30));
        }

        Doubler(int inFlight, Duration maxWait) {
            super(inFlight, 4, maxWait);
        }

        private Future<Void> gate() {
            if (!hold) {
                return Future.succeededFuture();
            }
            Promise<Void> open = Promise.promise();
            running.add(open);
            return open.future();
        }

        @Override
        protected Future<Integer> one(Integer item) {
            sent.add(List.of(item));
            return gate().compose(ignored -> item < 0 ? Future.failedFuture(new IllegalArgumentException("negative " + item))
                    : Future.succeededFuture(item * 2));
        }

        @Override
        protected Future<List<Integer>> many(List<Integer> items) {
            sent.add(List.copyOf(items));
            if (items.contains(99)) {
                throw new UnsupportedOperationException("thrown");
            }
            return gate().compose(ignored -> items.stream().anyMatch(i -> i < 0)
                    ? Future.failedFuture(new IllegalStateException("refused"))
                    : Future.succeededFuture(items.stream().map(i -> i * 2).toList()));
        }

        @Override
        protected boolean retryAlone(Throwable failure) {
            return failure instanceof IllegalStateException;
        }
    }

    /** Submits the items from one event loop in one go; the futures, and the contexts that answered. */
    private List<Future<Integer>> submitTogether(Doubler batcher, Context loop, List<Context> answeredOn, int... items)
            throws Exception {
        CompletableFuture<List<Future<Integer>>> sent = new CompletableFuture<>();
        loop.runOnContext(ignored -> {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int item : items) {
                futures.add(batcher.submit(item).andThen(done -> answeredOn.add(Vertx.currentContext())));
            }
            sent.complete(futures);
        });
        return sent.get(10, TimeUnit.SECONDS);
    }

    private static void awaitAll(List<Future<Integer>> futures) throws Exception {
        Future.join(new ArrayList<>(futures)).toCompletionStage().toCompletableFuture()
                .handle((done, failure) -> null).get(10, TimeUnit.SECONDS);
    }

    @Test
    void requestsOfOneTickGoTogetherUpToTheBatchSizeAndEachGetsItsOwnAnswer() throws Exception {
        Doubler batcher = new Doubler(2);
        List<Context> answeredOn = new CopyOnWriteArrayList<>();

        List<Future<Integer>> answers = submitTogether(batcher, vertx.getOrCreateContext(), answeredOn, 1, 2, 3, 4, 5, 6);
        awaitAll(answers);

        assertThat(batcher.sent).containsExactly(List.of(1, 2, 3, 4), List.of(5, 6));
        assertThat(answers).extracting(Future::result).containsExactly(2, 4, 6, 8, 10, 12);
    }

    @Test
    void whileTheLimitIsRunningNewRequestsWaitAndThenGoTogether() throws Exception {
        Doubler batcher = new Doubler(1);
        batcher.hold = true;
        Context loop = vertx.getOrCreateContext();
        List<Context> answeredOn = new CopyOnWriteArrayList<>();

        List<Future<Integer>> first = submitTogether(batcher, loop, answeredOn, 1);
        waitFor(() -> batcher.running.size() == 1);
        List<Future<Integer>> later = submitTogether(batcher, loop, answeredOn, 2);
        List<Future<Integer>> evenLater = submitTogether(batcher, loop, answeredOn, 3);
        Thread.sleep(100);
        assertThat(batcher.sent).as("one batch in flight at most").containsExactly(List.of(1));

        batcher.hold = false;
        loop.runOnContext(ignored -> batcher.running.get(0).complete());
        awaitAll(first);
        awaitAll(later);
        awaitAll(evenLater);

        assertThat(batcher.sent).containsExactly(List.of(1), List.of(2, 3));
        assertThat(later.get(0).result()).isEqualTo(4);
        assertThat(evenLater.get(0).result()).isEqualTo(6);
    }

    @Test
    void aRefusedBatchIsSentAgainOneByOneSoOnlyTheBadRequestFails() throws Exception {
        Doubler batcher = new Doubler(2);

        List<Future<Integer>> answers = submitTogether(batcher, vertx.getOrCreateContext(), new CopyOnWriteArrayList<>(), 1, -2, 3);
        awaitAll(answers);

        assertThat(batcher.sent).containsExactly(List.of(1, -2, 3), List.of(1), List.of(-2), List.of(3));
        assertThat(answers.get(0).result()).isEqualTo(2);
        assertThat(answers.get(1).cause()).hasMessage("negative -2");
        assertThat(answers.get(2).result()).isEqualTo(6);
    }

    @Test
    void aRequestThatWaitsTooLongToBeSentFailsWithATimeoutAndIsNeverSent() throws Exception {
        Doubler batcher = new Doubler(1, Duration.ofMillis(300));
        batcher.hold = true;
        Context loop = vertx.getOrCreateContext();

        List<Future<Integer>> stuck = submitTogether(batcher, loop, new CopyOnWriteArrayList<>(), 1);
        waitFor(() -> batcher.running.size() == 1);
        List<Future<Integer>> waiting = submitTogether(batcher, loop, new CopyOnWriteArrayList<>(), 2);
        long start = System.nanoTime();
        awaitAll(waiting);
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(waiting.get(0).cause()).isInstanceOf(java.util.concurrent.TimeoutException.class);
        assertThat(waitedMs).isBetween(200L, 5_000L);
        batcher.hold = false;
        loop.runOnContext(ignored -> batcher.running.get(0).complete());
        awaitAll(stuck);
        assertThat(stuck.get(0).result()).isEqualTo(2);
        assertThat(batcher.sent).containsExactly(List.of(1));
    }

    @Test
    void aBatchThatThrowsFailsItsCallersAndTheLoopGoesOn() throws Exception {
        Doubler batcher = new Doubler(1);
        Context loop = vertx.getOrCreateContext();

        List<Future<Integer>> thrown = submitTogether(batcher, loop, new CopyOnWriteArrayList<>(), 1, 99);
        awaitAll(thrown);
        List<Future<Integer>> after = submitTogether(batcher, loop, new CopyOnWriteArrayList<>(), 5);
        awaitAll(after);

        assertThat(thrown).allSatisfy(f -> assertThat(f.cause()).hasMessage("thrown"));
        assertThat(after.get(0).result()).isEqualTo(10);
    }

    @Test
    void eachAnswerArrivesOnTheContextThatAsked() throws Exception {
        Doubler batcher = new Doubler(2);
        Context loop = vertx.getOrCreateContext();
        List<Context> askedOn = new CopyOnWriteArrayList<>();
        List<Context> answeredOn = new CopyOnWriteArrayList<>();
        CompletableFuture<List<Future<Integer>>> sent = new CompletableFuture<>();
        loop.runOnContext(ignored -> {
            List<Future<Integer>> futures = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 3; i++) {
                // a request's own context, as Vert.x gives each HTTP request (a duplicate of the loop's)
                Context request = io.smallrye.common.vertx.VertxContext.createNewDuplicatedContext(loop);
                askedOn.add(request);
                request.runOnContext(x -> {
                    futures.add(batcher.submit(7).andThen(done -> answeredOn.add(Vertx.currentContext())));
                    if (futures.size() == 3) {
                        sent.complete(futures);
                    }
                });
            }
        });
        awaitAll(sent.get(10, TimeUnit.SECONDS));

        assertThat(answeredOn).containsExactlyInAnyOrderElementsOf(askedOn);
    }

    @Test
    void offTheEventLoopEveryRequestGoesAlone() throws Exception {
        Doubler batcher = new Doubler(2);

        List<Integer> answers = IntStream.of(1, 2).mapToObj(i -> batcher.submit(i).toCompletionStage().toCompletableFuture().join()).toList();

        assertThat(answers).containsExactly(2, 4);
        assertThat(batcher.sent).containsExactly(List.of(1), List.of(2));
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met in 10 s");
            }
            Thread.sleep(5);
        }
    }
}
