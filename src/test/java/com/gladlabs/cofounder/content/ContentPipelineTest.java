package com.gladlabs.cofounder.content;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.TasksTable;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableBean;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * End to end with the service's own worker: queue, generate, review, publish, read from the CMS.
 * The poll interval is a minute, so a task done within seconds was woken by the change feed.
 */
@QuarkusTest
@TestProfile(ContentPipelineTest.WorkerOn.class)
class ContentPipelineTest {

    public static class WorkerOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cofounder.worker.enabled", "true", "cofounder.worker.poll-interval", "60s");
        }
    }

    final TasksTable table = TasksTable.get();

    @BeforeEach
    void empty() {
        table.clear();
    }

    private static JsonPath awaitCompleted(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            JsonPath task = given().get("/api/content/tasks/" + id).then().statusCode(200).extract().jsonPath();
            if ("completed".equals(task.getString("status"))) {
                return task;
            }
            assertThat(task.getString("status")).isIn("pending", "in_progress");
            Thread.sleep(100);
        }
        throw new AssertionError("Task " + id + " was not completed in time");
    }

    /**
     * The worker runs here with the default generator, templates: the OpenAI generator, and the REST
     * client it is built with, must not have been made at start (asking each generator its name once
     * made it, at every start of every replica).
     */
    @Test
    void theWorkerMakesOnlyTheGeneratorItUses() {
        var made = Arc.container().getActiveContext(ApplicationScoped.class).getState()
                .getContextualInstances().keySet().stream().map(InjectableBean::getBeanClass).toList();
        assertThat(made).as("application-scoped beans made so far").contains(TemplateGenerator.class, WorkerLifecycle.class)
                .doesNotContain(OpenAiGenerator.class);
    }

    @Test
    void contentIsGeneratedReviewedPublishedAndServedByTheCms() throws InterruptedException {
        String id = given().contentType(ContentType.JSON).body("""
                {"task_type": "blog_post", "topic": "Event loops in practice", "style": "educational",
                 "tone": "casual", "target_length": 600, "primary_keyword": "event loop",
                 "category": "engineering", "tags": ["java", "reactive"]}""")
                .post("/api/content/tasks").then().statusCode(201).extract().path("task_id");

        JsonPath done = awaitCompleted(id);
        assertThat(done.getString("approval_status")).isEqualTo("awaiting_approval");
        assertThat(done.getInt("progress")).isEqualTo(100);
        assertThat(done.getString("error")).isNull();
        Map<String, Object> result = done.getMap("result");
        assertThat(result).containsOnlyKeys("title", "content", "excerpt", "word_count", "quality_score", "slug",
                "tags", "generator", "model_used", "duration_ms");
        assertThat((String) result.get("content")).startsWith("# ").contains("event loop");
        assertThat((Integer) result.get("word_count")).isBetween(540, 660);
        assertThat((Integer) result.get("quality_score")).isBetween(70, 100);
        assertThat(result.get("generator")).isEqualTo("template");
        assertThat(result.get("tags")).isEqualTo(java.util.List.of("java", "reactive"));
        String slug = (String) result.get("slug");
        assertThat(slug).isEqualTo("a-practical-guide-to-event-loops-in-practice");

        given().get("/api/tasks/drafts").then().statusCode(200).body("drafts.id", contains(id));
        given().get("/api/posts/" + slug).then().statusCode(404);

        given().contentType(ContentType.JSON)
                .body("{\"approved\":true,\"human_feedback\":\"Ship it\",\"reviewer_id\":\"editor-1\"}")
                .post("/api/content/tasks/" + id + "/approve").then().statusCode(200)
                .body("task_id", equalTo(id))
                .body("approval_status", equalTo("published"))
                .body("published_url", equalTo("/api/posts/" + slug))
                .body("published_at", notNullValue());
        var row = table.row("SELECT reviewed_by, review_feedback, published_at FROM tasks");
        assertThat(row.getString("reviewed_by")).isEqualTo("editor-1");
        assertThat(row.getString("review_feedback")).isEqualTo("Ship it");
        assertThat(row.getValue("published_at")).isNotNull();

        given().get("/api/tasks/drafts").then().body("total", equalTo(0));
        given().get("/api/posts").then().statusCode(200)
                .body("data.slug", contains(slug)).body("data[0].title", equalTo(result.get("title")))
                .body("meta.pagination.total", equalTo(1));
        given().get("/api/posts/" + slug).then().statusCode(200)
                .body("content", equalTo(result.get("content"))).body("word_count", equalTo(result.get("word_count")));
        given().get("/api/categories").then().body("name", contains("engineering")).body("post_count", contains(1));
        given().get("/api/tags").then().body("name", contains("java", "reactive"));
        given().contentType(ContentType.JSON).body("{\"approved\":true,\"reviewer_id\":\"editor-2\"}")
                .post("/api/content/tasks/" + id + "/approve").then().statusCode(409);
    }

    @Test
    void aNewContentTaskIsClaimedWithinASecondOfItsCreationThoughPollingIsEveryMinute() {
        for (int i = 0; i < 3; i++) {
            String id = given().contentType(ContentType.JSON)
                    .body("{\"task_type\":\"email\",\"topic\":\"Wake-up " + i + "\",\"target_length\":200}")
                    .post("/api/content/tasks").then().statusCode(201).extract().path("task_id");
            org.awaitility.Awaitility.await("the worker claims " + id).atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> table.row("SELECT started_at FROM tasks WHERE id = $1::uuid", id).getValue(0) != null);
            // Both instants come from this machine's clock: created by the service, claimed by the database.
            double seconds = table.row("SELECT extract(epoch FROM started_at - created_at)::float8 FROM tasks WHERE id = $1::uuid",
                    id).getDouble(0);
            assertThat(seconds).as("seconds from creation to claim").isLessThan(1.0);
        }
    }

    @Test
    void publishModePublishPublishesWithoutApproval() throws InterruptedException {
        String id = given().contentType(ContentType.JSON).body("""
                {"task_type": "newsletter", "topic": "Monthly product news", "target_length": 300,
                 "publish_mode": "publish"}""")
                .post("/api/content/tasks").then().statusCode(201).extract().path("task_id");

        JsonPath done = awaitCompleted(id);
        assertThat(done.getString("approval_status")).isEqualTo("published");
        String slug = done.getString("result.slug");
        given().get("/api/posts").then().body("data.slug", hasItem(slug));
        given().get("/api/posts/" + slug).then().statusCode(200);
        given().get("/api/tasks/drafts").then().body("total", equalTo(0));
        assertThat(table.row("SELECT published_at IS NOT NULL AS p FROM tasks").getBoolean("p")).isTrue();
    }

    @Test
    void collidingSlugsGetASuffix() throws InterruptedException {
        String first = given().contentType(ContentType.JSON)
                .body("{\"task_type\":\"email\",\"topic\":\"Same topic\",\"target_length\":200}")
                .post("/api/content/tasks").then().statusCode(201).extract().path("task_id");
        String firstSlug = awaitCompleted(first).getString("result.slug");
        String second = given().contentType(ContentType.JSON)
                .body("{\"task_type\":\"email\",\"topic\":\"Same topic\",\"target_length\":200}")
                .post("/api/content/tasks").then().statusCode(201).extract().path("task_id");
        String secondSlug = awaitCompleted(second).getString("result.slug");
        assertThat(secondSlug).startsWith(firstSlug + "-").isNotEqualTo(firstSlug);
        assertThat(table.row("SELECT slug FROM tasks WHERE id = $1::uuid", second).getString("slug")).isEqualTo(secondSlug);
    }
}
