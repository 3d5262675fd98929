package com.gladlabs.cofounder.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Every answer, errors from the earliest routes included, says nosniff and names no server; CORS is off by default. */
@QuarkusTest
class ResponseHeadersTest {

    @Test
    void successesAndErrorsAllCarryNosniffAndNoServerHeader() {
        given().get("/api/tasks").then().statusCode(200)
                .header("X-Content-Type-Options", equalTo("nosniff")).header("Server", nullValue());
        given().get("/api/tasks/not-a-uuid").then().statusCode(400)
                .header("X-Content-Type-Options", equalTo("nosniff")).header("Server", nullValue());
        given().get("/no/such/path").then().statusCode(404)
                .header("X-Content-Type-Options", equalTo("nosniff")).header("Server", nullValue());
        given().contentType(ContentType.JSON).body(new byte[2 * 1024 * 1024]).post("/api/tasks").then().statusCode(413)
                .header("X-Content-Type-Options", equalTo("nosniff")).header("Server", nullValue());
        given().get("/q/health/ready").then().statusCode(200)
                .header("X-Content-Type-Options", equalTo("nosniff")).header("Server", nullValue());
    }

    @Test
    void corsIsOffByDefault() {
        given().header("Origin", "https://app.example.com").get("/api/tasks").then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "PATCH")
                .options("/api/tasks").then().header("Access-Control-Allow-Origin", nullValue());
    }
}
