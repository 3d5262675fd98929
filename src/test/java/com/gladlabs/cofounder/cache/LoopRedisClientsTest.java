package com.gladlabs.cofounder.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import jakarta.inject.Inject;

/**
 * The task cache's Redis clients of each event loop's own ({@link LoopRedisClients}), against the real
 * Redis of the tests: one per loop, made on the loop's root context, whose connections deliver on that
 * loop; none off a loop, for a Redis that is not standalone, or after shutdown, when those made are closed.
 * Each test uses an instance of its own, given the options Quarkus would give it.
 */
@QuarkusTest
@TestProfile(TaskCacheTest.CacheOn.class)
class LoopRedisClientsTest {

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.redis.hosts")
    String hosts;

    final LoopRedisClients clients = new LoopRedisClients();
    final List<String> deployments = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        clients.stop(null);
        for (String id : deployments) {
            vertx.undeploy(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private RedisOptions standalone() {
        return new RedisOptions().setConnectionString(hosts.split(",")[0].trim());
    }

    /** Root contexts of two verticle instances: two different event loops. */
    private List<Context> twoLoops() throws Exception {
        List<Context> contexts = new java.util.concurrent.CopyOnWriteArrayList<>();
        String id = vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start() {
                contexts.add(context);
            }
        }, new DeploymentOptions().setInstances(2)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        deployments.add(id);
        assertThat(contexts).hasSize(2);
        return contexts;
    }

    private static <T> T on(Context context, Supplier<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(ignored -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }

    private static String threadOf(Context context) throws Exception {
        return on(context, () -> Thread.currentThread().getName());
    }

    @Test
    void eachEventLoopGetsItsOwnClientWhoseConnectionsDeliverOnThatLoop() throws Exception {
        clients.customize(LoopRedisClients.DEFAULT_CLIENT, standalone());
        List<Context> loops = twoLoops();
        assertThat(threadOf(loops.get(0))).isNotEqualTo(threadOf(loops.get(1)));

        Redis first = on(loops.get(0), clients::current);
        Redis second = on(loops.get(1), clients::current);
        assertThat(first).isNotNull();
        assertThat(second).isNotNull().isNotSameAs(first);
        assertThat(on(loops.get(0), clients::current)).isSameAs(first); // made once per loop
        assertThat(clients.made()).isEqualTo(2);

        for (Context loop : loops) {
            Redis client = on(loop, clients::current);
            String loopThread = threadOf(loop);
            // A connection's socket events come on the context it was opened on: when Redis drops it,
            // its end handler runs on this loop's thread, not on the loop Quarkus' own client was made on.
            CompletableFuture<String> endedOn = new CompletableFuture<>();
            RedisConnection connection = on(loop, () -> client.connect()).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            connection.endHandler(ignored -> endedOn.complete(Thread.currentThread().getName()));
            long clientId = connection.send(Request.cmd(Command.CLIENT).arg("ID")).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS).toLong();
            Redis killer = Redis.createClient(vertx, standalone());
            try {
                killer.send(Request.cmd(Command.CLIENT).arg("KILL").arg("ID").arg(clientId)).toCompletionStage()
                        .toCompletableFuture().get(10, TimeUnit.SECONDS);
            } finally {
                killer.close();
            }
            assertThat(endedOn.get(10, TimeUnit.SECONDS)).isEqualTo(loopThread);
        }
    }

    @Test
    void aRequestsDuplicatedContextGetsTheLoopsClientMadeOnItsRootNotOnTheRequest() throws Exception {
        clients.customize(LoopRedisClients.DEFAULT_CLIENT, standalone());
        Context loop = twoLoops().get(0);
        Context request = on(loop, () -> VertxContext.createNewDuplicatedContext(loop));

        // From a request: none yet (it would keep that request's context); the loop's root makes it next.
        assertThat(on(request, clients::current)).isNull();
        Redis made = on(loop, () -> clients.made() == 1 ? clients.current() : null);
        assertThat(made).as("made on the loop's root context right after").isNotNull();
        assertThat(on(request, clients::current)).isSameAs(made);
        assertThat(on(loop, () -> made.send(Request.cmd(Command.PING))).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS).toString()).isEqualTo("PONG");
    }

    @Test
    void noClientOffAnEventLoopForAnotherClientOrARedisThatIsNotStandalone() throws Exception {
        clients.customize("other", standalone());
        assertThat(on(twoLoops().get(0), clients::current)).as("only Quarkus' default client's options").isNull();

        clients.customize(LoopRedisClients.DEFAULT_CLIENT, standalone().setType(RedisClientType.CLUSTER));
        assertThat(on(twoLoops().get(0), clients::current)).as("a cluster client").isNull();

        clients.customize(LoopRedisClients.DEFAULT_CLIENT, standalone());
        assertThat(clients.current()).as("off an event loop").isNull();
        assertThat(clients.made()).isZero();
    }

    @Test
    void atShutdownTheClientsAreClosedAndNoneIsMadeAfter() throws Exception {
        clients.customize(LoopRedisClients.DEFAULT_CLIENT, standalone());
        List<Context> loops = twoLoops();
        Redis made = on(loops.get(0), clients::current);
        assertThat(on(loops.get(0), () -> made.send(Request.cmd(Command.PING))).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS).toString()).isEqualTo("PONG");

        clients.stop(null);

        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        on(loops.get(0), () -> made.send(Request.cmd(Command.PING)).onComplete(done -> refused.complete(done.cause())));
        assertThat(refused.get(10, TimeUnit.SECONDS)).as("a closed client sends nothing").isNotNull();
        assertThat(on(loops.get(1), clients::current)).as("no client made after shutdown").isNull();
        assertThat(clients.made()).isEqualTo(1);
    }
}
