package com.gladlabs.cofounder.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@link AuthFailureHandoff}: by the time Quarkus REST's filter (priority 199) has run, every request
 * carries the hand-off's failure handler, not Quarkus' default one; so that filter neither rebuilt its
 * request mapper for the request nor swapped the handler. If Quarkus changes the order of its filters,
 * or the hand-off stops running between them, this fails.
 */
@QuarkusTest
class AuthFailureHandoffTest {

    static final String PROBE = "X-Test-Auth-Failure-Handler";

    /** Answers, for requests with {@link #PROBE}, which failure handler the request carries at order -198. */
    @ApplicationScoped
    static class HandlerProbe {
        void install(@Observes Router router) {
            router.route().order(-198).handler(ctx -> {
                if (ctx.request().getHeader(PROBE) == null) {
                    ctx.next();
                    return;
                }
                Object handler = ctx.get(QuarkusHttpUser.AUTH_FAILURE_HANDLER);
                ctx.response().end(handler == AuthFailureHandoff.FAIL_THE_CONTEXT ? "hand-off"
                        : handler == null ? "none" : handler.getClass().getName());
            });
        }
    }

    @TestHTTPResource("/")
    URI root;

    /** The JDK's client, not RestAssured: the probe's answers are the test's, not the API's contract. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void everyRequestCarriesTheHandOffPastQuarkusRestsFilter() throws Exception {
        for (String path : new String[] { "api/tasks/" + UUID.randomUUID(), "api/tasks", "q/health/ready",
                "api/no-such-thing" }) {
            assertThat(probe(HttpRequest.newBuilder(root.resolve(path)).GET())).as(path).isEqualTo("hand-off");
        }
        assertThat(probe(HttpRequest.newBuilder(root.resolve("api/tasks")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")))).as("POST").isEqualTo("hand-off");
    }

    private String probe(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.header(PROBE, "1").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void aFailureIsHandedOnUnwrappedAsQuarkusRestWould() {
        Map<String, Object> data = new HashMap<>();
        Throwable[] failed = new Throwable[1];
        AuthenticationFailedException refused = new AuthenticationFailedException("bad token");

        AuthFailureHandoff.FAIL_THE_CONTEXT.accept(context(data, failed), refused);
        assertThat(failed[0]).isSameAs(refused);
        assertThat(data).as("an authentication failure is not marked as another failure").isEmpty();

        failed[0] = null;
        AuthFailureHandoff.FAIL_THE_CONTEXT.accept(context(data, failed), new CompletionException(refused));
        assertThat(failed[0]).as("the root cause, for the failure handlers").isSameAs(refused);

        data.clear();
        failed[0] = null;

        failed[0] = null;
        IllegalStateException broken = new IllegalStateException("identity provider down");
        AuthFailureHandoff.FAIL_THE_CONTEXT.accept(context(data, failed), broken);
        assertThat(failed[0]).isSameAs(broken);
        assertThat(data).as("any other failure is marked, so that it is not answered as a 401").hasSize(1)
                .containsValue(Boolean.TRUE);
    }

    /** A routing context that keeps what is put into it and the failure it is failed with. */
    private static RoutingContext context(Map<String, Object> data, Throwable[] failed) {
        return (RoutingContext) Proxy.newProxyInstance(RoutingContext.class.getClassLoader(),
                new Class<?>[] { RoutingContext.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "put" -> {
                        data.put((String) args[0], args[1]);
                        yield proxy;
                    }
                    case "get" -> data.get((String) args[0]);
                    case "failed" -> failed[0] != null;
                    case "fail" -> {
                        failed[0] = (Throwable) args[0];
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
