package com.gladlabs.cofounder.content;

import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A local OpenAI-compatible chat-completions server for the tests (no network): it answers as
 * {@link #mode} says and records what it was sent.
 */
public class OpenAiStub implements QuarkusTestResourceLifecycleManager {

    public enum Mode { OK, SLOW, TOO_MANY_REQUESTS_ONCE, SERVER_ERROR, MALFORMED }

    static volatile Mode mode = Mode.OK;
    static final AtomicInteger calls = new AtomicInteger();
    static final CopyOnWriteArrayList<String> authorizations = new CopyOnWriteArrayList<>();
    static final CopyOnWriteArrayList<JsonObject> requests = new CopyOnWriteArrayList<>();

    private Vertx vertx;
    private HttpServer server;

    static void reset(Mode next) {
        mode = next;
        calls.set(0);
        authorizations.clear();
        requests.clear();
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            int call = calls.incrementAndGet();
            authorizations.add(String.valueOf(request.getHeader("Authorization")));
            if (!request.path().equals("/v1/chat/completions") || !"POST".equals(request.method().name())) {
                request.response().setStatusCode(404).end();
                return;
            }
            requests.add(body.toJsonObject());
            var response = request.response().putHeader("Content-Type", "application/json");
            switch (mode) {
                case SLOW -> vertx.setTimer(2_000, t -> response.end(answer(body.toJsonObject()).encode()));
                case TOO_MANY_REQUESTS_ONCE -> {
                    if (call == 1) {
                        response.setStatusCode(429).end("{\"error\":{\"message\":\"Rate limit reached\"}}");
                    } else {
                        response.end(answer(body.toJsonObject()).encode());
                    }
                }
                case SERVER_ERROR -> response.setStatusCode(500).end("{\"error\":{\"message\":\"boom\"}}");
                case MALFORMED -> response.end("{\"choices\": [ {\"message\": ");
                default -> response.end(answer(body.toJsonObject()).encode());
            }
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        return Map.of("cofounder.content.openai.base-url", "http://127.0.0.1:" + server.actualPort() + "/v1");
    }

    /** Markdown of about the length asked for, with headings, using the keyword. */
    private static JsonObject answer(JsonObject request) {
        String prompt = request.getJsonArray("messages").getJsonObject(1).getString("content");
        String keyword = prompt.replaceAll("(?s).*Primary keyword \\(use it\\): ([^\\n]*).*", "$1").trim();
        StringBuilder markdown = new StringBuilder("# A stubbed article about ").append(keyword).append("\n\n");
        for (String heading : new String[] { "Why it matters", "How to start", "What to avoid" }) {
            markdown.append("## ").append(heading).append("\n\n");
            for (int i = 0; i < 7; i++) {
                markdown.append("Teams that practise ").append(keyword).append(" every week learn quickly and ship calmly. ");
            }
            markdown.append("\n\n");
        }
        return new JsonObject().put("id", "chatcmpl-1").put("model", "stub-model-1").put("choices", new JsonArray()
                .add(new JsonObject().put("index", 0).put("finish_reason", "stop")
                        .put("message", new JsonObject().put("role", "assistant").put("content", markdown.toString()))));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().join();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
