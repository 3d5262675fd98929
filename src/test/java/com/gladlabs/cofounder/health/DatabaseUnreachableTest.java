package com.gladlabs.cofounder.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** With no database to reach, every database-bound request answers 503 fast; liveness stays up. */
@QuarkusTest
@TestProfile(DatabaseUnreachableTest.NoDatabase.class)
class DatabaseUnreachableTest {

    public static class NoDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:1/nowhere",
                    "quarkus.datasource.username", "nobody",
                    "quarkus.flyway.migrate-at-start", "false",
                    "quarkus.flyway.clean-at-start", "false");
        }
    }

    @Test
    void taskRequestsAnswer503ProblemWithRetryAfterInBoundedTime() {
        long start = System.nanoTime();
        given().get("/api/tasks").then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", notNullValue()).body("status", equalTo(503));
        given().get("/api/tasks/" + UUID.randomUUID()).then().statusCode(503).header("Retry-After", notNullValue());
        given().contentType(ContentType.JSON).body("{\"title\":\"lost?\"}").post("/api/tasks").then().statusCode(503)
                .contentType("application/problem+json").header("Retry-After", notNullValue());
        given().contentType("application/merge-patch+json").body("{\"title\":\"x\"}")
                .patch("/api/tasks/" + UUID.randomUUID()).then().statusCode(503);
        given().get("/api/tasks/stats").then().statusCode(503);
        assertThat((System.nanoTime() - start) / 1_000_000_000.0).isLessThan(20.0);
    }

    @Test
    void badInputIsStillJudgedBeforeTheDatabase() {
        given().contentType(ContentType.JSON).body("{\"title\":\"\"}").post("/api/tasks").then().statusCode(422);
        given().get("/api/tasks?limit=0").then().statusCode(400);
        given().get("/api/tasks/not-a-uuid").then().statusCode(400);
    }

    @Test
    void readinessIsDownAndLivenessIsUp() {
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks.name", hasItem("database"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void apiHealthIsUnhealthyWithTheDatabaseDown() {
        given().get("/api/health").then().statusCode(503)
                .body("status", equalTo("unhealthy"))
                .body("components.database.status", equalTo("down"));
    }
}
