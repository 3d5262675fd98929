package com.gladlabs.cofounder.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** CORS on, for a configured list of origins: those origins are allowed, no other. */
@QuarkusTest
@TestProfile(CorsTest.AllowedOrigins.class)
class CorsTest {

    public static class AllowedOrigins implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.cors.enabled", "true",
                    "quarkus.http.cors.origins", "https://app.example.com,https://admin.example.com");
        }
    }

    @Test
    void aListedOriginPassesThePreflightAndReadsTheAnswer() {
        given().header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "PATCH")
                .when().options("/api/tasks/" + java.util.UUID.randomUUID())
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo("https://app.example.com"));
        given().header("Origin", "https://admin.example.com").when().get("/api/tasks")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo("https://admin.example.com"));
    }

    @Test
    void anyOtherOriginIsNotAllowed() {
        given().header("Origin", "https://evil.example.net").header("Access-Control-Request-Method", "DELETE")
                .when().options("/api/tasks/" + java.util.UUID.randomUUID())
                .then().header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://evil.example.net").when().get("/api/tasks")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }
}
