package com.gladlabs.cofounder.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;

/** When every pooled connection is busy, a caller waits at most the acquire timeout, then gets 503. */
@QuarkusTest
@TestProfile(PoolExhaustionTest.OneConnection.class)
class PoolExhaustionTest {

    public static class OneConnection implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.max-size", "1", "cofounder.db.acquire-timeout", "500ms");
        }
    }

    @Inject
    Pool pool;

    @Test
    void exhaustedPoolAnswers503AfterTheAcquireTimeoutThenRecovers() {
        given().get("/api/tasks").then().statusCode(200);
        SqlConnection held = pool.getConnection().await().indefinitely();
        try {
            long start = System.nanoTime();
            given().get("/api/tasks").then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", notNullValue()).body("status", equalTo(503));
            double seconds = (System.nanoTime() - start) / 1_000_000_000.0;
            assertThat(seconds).isBetween(0.4, 5.0);
        } finally {
            held.close().await().indefinitely();
        }
        given().get("/api/tasks").then().statusCode(200);
    }
}
