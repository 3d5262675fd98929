package com.gladlabs.cofounder.task;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class SmokeTest {
    @Test
    void createsAndReads() {
        String id = given().contentType(ContentType.JSON).body("{\"title\":\"hello\",\"tags\":[\"a\"],\"metadata\":{\"x\":1.50}}")
                .post("/api/tasks").then().log().all().statusCode(201).extract().path("id");
        given().get("/api/tasks/" + id).then().log().all().statusCode(200).body("title", equalTo("hello"));
        given().get("/api/tasks?status=pending,failed&sort=-priority&tag=a&q=hel").then().log().all().statusCode(200);
        given().get("/api/tasks/stats").then().log().all().statusCode(200);
        given().get("/api/tasks/drafts").then().log().all().statusCode(200);
        given().contentType("application/merge-patch+json").body("{\"status\":\"in_progress\"}").patch("/api/tasks/" + id).then().log().all().statusCode(200);
        given().get("/q/health/ready").then().log().all().statusCode(200);
        given().get("/api/health").then().log().all().statusCode(200);
    }
}
