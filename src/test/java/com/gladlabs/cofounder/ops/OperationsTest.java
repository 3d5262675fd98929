package com.gladlabs.cofounder.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
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
        assertThat(metrics).as("the client's timers, every connection's statements added up")
                .containsPattern("(?m)^postgresql_processing_seconds_count\\{");
        assertThat(metrics).as("no gauge that shows the first connection's statements as the client's (ConnectionGauges)")
                .doesNotContainPattern("(?m)^postgresql_current\\{").doesNotContainPattern("(?m)^postgresql_queue_size\\{");
        assertThat(metrics).contains("cofounder_tasks{status=\"pending\"}").contains("cofounder_tasks{status=\"failed\"}");
        assertThat(metrics).as("worker and event-stream gauges").containsPattern("(?m)^cofounder_worker_generations ")
                .containsPattern("(?m)^cofounder_event_subscribers ");
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

    /**
     * The document is written per request (quarkus.smallrye-openapi.always-run-filter, so that a start
     * does not render it): what is served, in either format, must be the document the build stored
     * for client generators and linters (target/openapi), as data; the order of an example's keys is
     * not kept by the renderer either way.
     */
    @Test
    void theServedDocumentIsTheOneTheBuildStored() throws Exception {
        Path stored = Path.of("target/openapi");
        JsonNode built = new ObjectMapper().readTree(Files.readString(stored.resolve("openapi.json")));
        assertThat(new YAMLMapper().readTree(Files.readString(stored.resolve("openapi.yaml")))).isEqualTo(built);
        String json = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        String yaml = given().get("/q/openapi").then().statusCode(200).extract().asString();
        assertThat(new ObjectMapper().readTree(json)).as("JSON").isEqualTo(built);
        assertThat(new YAMLMapper().readTree(yaml)).as("YAML").isEqualTo(built);
    }

    @Test
    @SuppressWarnings("unchecked")
    void openApiDocumentsEveryOperationsErrorsAsProblemsWithExamples() {
        var document = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Map<String, Object>> paths = document.getMap("paths");
        int operations = 0;
        for (var path : paths.entrySet()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (var operation : path.getValue().entrySet()) {
                if (!(operation.getValue() instanceof Map<?, ?> details) || !details.containsKey("responses")) {
                    continue;
                }
                operations++;
                String where = operation.getKey().toUpperCase() + " " + path.getKey();
                Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) details.get("responses");
                assertThat(responses).as(where).containsKeys("400", "503");
                assertThat(responses.keySet()).as(where).anyMatch(code -> code.startsWith("2") || code.equals("304"));
                responses.forEach((code, response) -> {
                    // The one exception: /api/health answers 503 in the old service's health shape.
                    if ((code.startsWith("4") || code.startsWith("5")) && !(where.equals("GET /api/health") && code.equals("503"))) {
                        assertThat((Map<String, Object>) response.get("content")).as(where + " " + code)
                                .containsOnlyKeys("application/problem+json");
                    }
                });
                if (!where.equals("GET /api/health")) {
                    Map<String, Object> unavailable = (Map<String, Object>) ((Map<String, Object>) responses.get("503")
                            .get("content")).get("application/problem+json");
                    assertThat(unavailable).as(where).containsKey("example");
                }
            }
        }
        assertThat(operations).isGreaterThanOrEqualTo(15);
        assertThat(document.getMap("components.schemas.Problem.properties")).containsKeys("type", "title", "status",
                "detail", "errors");
        for (String path : List.of("paths.'/api/tasks'.post", "paths.'/api/tasks/{id}'.patch",
                "paths.'/api/content/tasks'.post", "paths.'/api/content/tasks/{id}/approve'.post")) {
            Map<String, Object> content = document.getMap(path + ".requestBody.content");
            assertThat(content).as(path).isNotEmpty();
            assertThat(content.values()).as(path + " has a request example")
                    .anyMatch(media -> ((Map<String, Object>) media).containsKey("examples"));
        }
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
