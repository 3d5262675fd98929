import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Yardstick for issue 17 (bench/cache.sh): GET /api/tasks/{id} answered from Redis by bare Vert.x, the
 * same Vert.x and Redis client versions as the service, TechEmpower style: one verticle per core, each
 * with its own Redis connection, commands pipelined on it. It reads the entries the service's cache wrote
 * ({@code <prefix>task:<epoch>:<id>}, value {@code version|kind|json}) with one GET each and answers the
 * JSON; no epoch check per read, no breaker, no batching, no metrics, no routing, no security: the cheapest
 * cached read this stack can serve, the limit to read the service's cached figures against.
 * {@code PEER_MODE=memory} keeps each entry in the verticle's own map after its first GET and answers from
 * there: no store at all, only HTTP, the ceiling of any cache on this machine.
 *
 * <p>Built and run by bench/cache.sh against the service's own libraries:
 * {@code javac -cp 'target/quarkus-app/lib/main/*' -d <dir> bench/peers/RedisPeer.java}, then
 * {@code java -cp '<dir>:target/quarkus-app/lib/main/*' RedisPeer}. Environment: PEER_REDIS
 * (redis://127.0.0.1:16379), PEER_PORT (8093), PEER_PREFIX (cofounder:).
 */
public class RedisPeer extends AbstractVerticle {

    static final String REDIS = System.getenv().getOrDefault("PEER_REDIS", "redis://127.0.0.1:16379");
    static final int PORT = Integer.parseInt(System.getenv().getOrDefault("PEER_PORT", "8093"));
    static final String PREFIX = System.getenv().getOrDefault("PEER_PREFIX", "cofounder:");
    static final String TASKS = "/api/tasks/";
    static final boolean MEMORY = "memory".equals(System.getenv("PEER_MODE"));

    public static void main(String[] args) {
        Vertx vertx = Vertx.vertx();
        int cores = Runtime.getRuntime().availableProcessors();
        Redis.createClient(vertx, REDIS).connect()
                .compose(c -> c.send(Request.cmd(Command.GET).arg(PREFIX + "epoch")).eventually(() -> c.close()))
                .compose(epoch -> {
                    if (epoch == null) {
                        throw new IllegalStateException("no " + PREFIX + "epoch in " + REDIS + ": run the service with its cache first");
                    }
                    String entries = PREFIX + "task:" + epoch + ":";
                    return vertx.deployVerticle(() -> new RedisPeer(entries), new DeploymentOptions().setInstances(cores))
                            .map(id -> entries);
                })
                .onSuccess(entries -> System.out.println("redis peer on :" + PORT + ", " + cores + " verticles, entries " + entries + "*"))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    private final String entries;
    private RedisConnection redis;
    private final java.util.Map<String, Buffer> memory = new java.util.HashMap<>();

    RedisPeer(String entries) {
        this.entries = entries;
    }

    @Override
    public void start(Promise<Void> started) {
        Redis.createClient(vertx, new RedisOptions().setConnectionString(REDIS).setMaxWaitingHandlers(65536)).connect()
                .compose(c -> {
                    redis = c;
                    return vertx.createHttpServer().requestHandler(this::handle).listen(PORT);
                })
                .<Void>mapEmpty().onComplete(started);
    }

    private void handle(HttpServerRequest req) {
        String path = req.path();
        if (!path.startsWith(TASKS) || path.length() != TASKS.length() + 36) {
            req.response().setStatusCode("/api/health".equals(path) ? 200 : 404).end();
            return;
        }
        String id = path.substring(TASKS.length());
        Buffer known = MEMORY ? memory.get(id) : null;
        if (known != null) {
            req.response().putHeader("content-type", "application/json").end(known);
            return;
        }
        redis.send(Request.cmd(Command.GET).arg(entries + id)).onComplete(ar -> {
            Response value = ar.result();
            if (ar.failed()) {
                req.response().setStatusCode(503).end();
            } else if (value == null) {
                req.response().setStatusCode(404).end();
            } else {
                Buffer entry = value.toBuffer(); // version|kind|json
                int json = 0;
                for (int bars = 0; bars < 2 && json < entry.length(); json++) {
                    if (entry.getByte(json) == '|') {
                        bars++;
                    }
                }
                if (json >= entry.length() || entry.getByte(json) != '{') { // a tombstone or a marker
                    req.response().setStatusCode(404).end();
                    return;
                }
                Buffer body = entry.slice(json, entry.length());
                if (MEMORY) {
                    memory.put(id, body.copy());
                }
                req.response().putHeader("content-type", "application/json").end(body);
            }
        });
    }
}
