package com.gladlabs.cofounder.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class HealthTest {

    @Test
    void probesAreUpWhileTheDatabaseAnswers() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("database"))
                .body("checks.find { it.name == 'database' }.data.latency_ms", greaterThanOrEqualTo(0))
                .body("checks.find { it.name == 'database' }.data.schema_version",
                        equalTo(com.gladlabs.cofounder.common.db.SchemaVersion.REQUIRED));
    }

    @Test
    void apiHealthReportsTheServiceAndTheDatabase() {
        given().get("/api/health").then().statusCode(200)
                .body("status", equalTo("healthy"))
                .body("service", equalTo("cofounder-agent"))
                .body("version", equalTo(System.getProperty("project.version", "1.0.0-SNAPSHOT")))
                .body("timestamp", notNullValue())
                .body("components.database.status", equalTo("up"))
                .body("components.database.latency_ms", greaterThanOrEqualTo(0));
    }

    @Test
    void responsesCarryNosniffAndNoServerVersion() {
        given().get("/api/tasks").then().statusCode(200)
                .header("X-Content-Type-Options", "nosniff")
                .header("Server", org.hamcrest.Matchers.nullValue());
    }
}
