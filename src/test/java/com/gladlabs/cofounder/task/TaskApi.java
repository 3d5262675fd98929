package com.gladlabs.cofounder.task;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Short forms of the calls the task tests make again and again. */
final class TaskApi {

    static final String MERGE_PATCH = "application/merge-patch+json";

    private TaskApi() {
    }

    static String create(String json) {
        return given().contentType(ContentType.JSON).body(json).post("/api/tasks")
                .then().statusCode(201).extract().path("id");
    }

    static String create() {
        return create("{\"title\":\"a task\"}");
    }

    static ValidatableResponse patch(String id, String json) {
        return given().contentType(MERGE_PATCH).body(json).patch("/api/tasks/" + id).then();
    }

    static ValidatableResponse patch(String id, String ifMatch, String json) {
        return given().contentType(MERGE_PATCH).header("If-Match", ifMatch).body(json).patch("/api/tasks/" + id).then();
    }

    static ValidatableResponse get(String id) {
        return given().get("/api/tasks/" + id).then();
    }
}
