package com.gladlabs.cofounder.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.EmbeddedServer;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;

/**
 * The embedded PostgreSQL is stopped and started again under a running service: requests answer
 * 503 meanwhile, then the service recovers by itself (request pool and change feed), no restart.
 */
@QuarkusTest
class DatabaseRestartTest {

    @TestHTTPResource("/api/tasks/events")
    URI events;

    @Test
    void eventsAndRequestsResumeAfterTheDatabaseRestarts() throws Exception {
        Optional<EmbeddedServer> server = EmbeddedServer.ofTests();
        Assumptions.assumeTrue(server.isPresent(),
                "only the embedded PostgreSQL can be stopped by a test; this run uses an external server");

        SseClient client = SseClient.open(HttpClient.newHttpClient(), events).awaitSubscribed();
        try {
            server.get().stop();
            given().get("/api/tasks").then().statusCode(503);
            given().get("/q/health/ready").then().statusCode(503);
            given().get("/q/health/live").then().statusCode(200);

            server.get().start();

            await(Duration.ofSeconds(30), () -> given().get("/api/tasks").statusCode() == 200);
            given().get("/q/health/ready").then().statusCode(200);
            // The change feed is followed again by itself: a new change reaches the open stream.
            String id = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (id == null && System.nanoTime() < deadline) {
                String created = given().contentType(ContentType.JSON).body("{\"title\":\"after the restart\"}")
                        .post("/api/tasks").then().statusCode(201).extract().path("id");
                SseClient.Event event = client.events.poll(2, java.util.concurrent.TimeUnit.SECONDS);
                if (event != null && created.equals(new JsonObject(event.data()).getString("id"))) {
                    id = created;
                }
            }
            assertThat(id).as("an event after the restart").isNotNull();
        } finally {
            client.close();
        }
    }

    private static void await(Duration timeout, BooleanSupplier condition) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(condition::getAsBoolean);
    }
}
