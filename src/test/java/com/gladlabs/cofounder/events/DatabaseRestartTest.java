package com.gladlabs.cofounder.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded PostgreSQL is stopped and started again under a running service: requests answer
 * 503 meanwhile, then the service recovers by itself (pool and LISTEN connection), no restart.
 */
@QuarkusTest
class DatabaseRestartTest {

    @TestHTTPResource("/api/tasks/events")
    URI events;

    @Test
    void eventsAndRequestsResumeAfterTheDatabaseRestarts() throws Exception {
        String dataDir = System.getProperty("cofounder.embedded-db.test.data-dir");
        Assumptions.assumeTrue(dataDir != null,
                "only the embedded PostgreSQL can be stopped by a test; this run uses an external server");
        int port = Integer.getInteger("cofounder.embedded-db.test.port");
        String binDir = System.getProperty("cofounder.embedded-db.test.bin-dir");

        SseClient client = SseClient.open(HttpClient.newHttpClient(), events).awaitSubscribed();
        try {
            stopPostgres(Path.of(dataDir));
            given().get("/api/tasks").then().statusCode(503);
            given().get("/q/health/ready").then().statusCode(503);
            given().get("/q/health/live").then().statusCode(200);

            // The first server's zonky instance still holds its in-JVM lock on the old lock file.
            Files.deleteIfExists(Path.of(dataDir, "epg-lock"));
            EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(new File(binDir))
                    .setDataDirectory(new File(dataDir))
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();

            await(Duration.ofSeconds(30), () -> given().get("/api/tasks").statusCode() == 200);
            given().get("/q/health/ready").then().statusCode(200);
            // The LISTEN connection comes back by itself: a new change reaches the open stream.
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

    /** A fast shutdown, as an operator's restart or a crash-restart of the server would be. */
    private static void stopPostgres(Path dataDir) throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
        Optional<ProcessHandle> postmaster = ProcessHandle.of(pid);
        await(Duration.ofSeconds(30), () -> postmaster.map(p -> !p.isAlive()).orElse(true)
                && !Files.exists(dataDir.resolve("postmaster.pid")));
    }

    private static void await(Duration timeout, BooleanSupplier condition) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(condition::getAsBoolean);
    }
}
