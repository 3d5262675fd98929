package com.gladlabs.cofounder.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.TasksTable;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** What operators rely on: metrics, the OpenAPI document, request ids. */
@QuarkusTest
class OperationsTest {

    final TasksTable table = TasksTable.get();

    @Test
    void metricsShowHttpTimingsThePoolAndTasksByStatus() throws InterruptedException {
        table.clear();
        String id = given().contentType(ContentType.JSON).body("{\"title\":\"measured\"}").post("/api/tasks")
                .then().statusCode(201).extract().path("id");
        given().get("/api/tasks/" + id).then().statusCode(200);
        given().get("/api/tasks/" + UUID.randomUUID()).then().statusCode(404);
        given().get("/api/tasks").then().statusCode(200);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"GET\"[^}]*uri=\"/api/tasks/\\{id\\}\"");
        assertThat(metrics).containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"404\"");
        assertThat(metrics).containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*status=\"201\"");
        assertThat(metrics).as("reactive pool: in use, waiting, size").containsPattern("(?m)^sql_pool_active\\{")
                .containsPattern("(?m)^sql_pool_queue_size\\{").containsPattern("(?m)^sql_pool_idle\\{");
        assertThat(metrics).contains("cofounder_tasks{status=\"pending\"}").contains("cofounder_tasks{status=\"failed\"}");
    }

    @Test
    void openApiListsEveryEndpoint() {
        Map<String, Object> paths = given().accept("application/json").get("/q/openapi?format=json").then()
                .statusCode(200).extract().jsonPath().getMap("paths");
        assertThat(paths).containsKeys("/api/tasks", "/api/tasks/{id}", "/api/tasks/drafts", "/api/tasks/stats",
                "/api/tasks/events", "/api/content/tasks", "/api/content/tasks/{id}",
                "/api/content/tasks/{id}/approve", "/api/posts", "/api/posts/{slug}", "/api/categories", "/api/tags",
                "/api/health");
        @SuppressWarnings("unchecked")
        Map<String, Object> byId = (Map<String, Object>) paths.get("/api/tasks/{id}");
        assertThat(byId).containsKeys("get", "patch", "delete");
    }

    @Test
    void everyAnswerCarriesARequestId() {
        given().header("X-Request-Id", "trace-abc-123").get("/api/tasks").then().statusCode(200)
                .header("X-Request-Id", equalTo("trace-abc-123"));
        given().get("/api/tasks/not-a-uuid").then().statusCode(400)
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
        given().header("X-Request-Id", "has spaces in it").get("/q/health/live").then().statusCode(200)
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
        given().contentType(ContentType.JSON).body("{\"title\":\"" + "x".repeat(1024 * 1024) + "\"}")
                .header("X-Request-Id", "big-1").post("/api/tasks").then().statusCode(413)
                .header("X-Request-Id", equalTo("big-1"));
    }
}
