package com.gladlabs.cofounder.content;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.gladlabs.cofounder.TasksTable;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The content API and the CMS reads, with the worker off: every rule, answered without generation. */
@QuarkusTest
class ContentApiTest {

    final TasksTable table = TasksTable.get();

    @BeforeEach
    void empty() {
        table.clear();
    }

    static String createContent(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/content/tasks")
                .then().statusCode(201).extract().path("task_id");
    }

    @Test
    void createQueuesAPendingContentTaskWithDefaultsAndAPollingUrl() {
        var response = given().contentType(ContentType.JSON)
                .body("{\"task_type\":\"blog_post\",\"topic\":\"Reactive Java in production\"}")
                .post("/api/content/tasks").then().statusCode(201)
                .body("task_type", equalTo("blog_post"))
                .body("status", equalTo("pending"))
                .body("topic", equalTo("Reactive Java in production"))
                .body("created_at", notNullValue())
                .extract();
        String id = response.path("task_id");
        assertThat((String) response.path("polling_url")).isEqualTo("/api/content/tasks/" + id);
        assertThat(response.header("Location")).endsWith("/api/content/tasks/" + id);

        var row = table.row("SELECT title, type, status, style, tone, target_length, publish_mode FROM tasks WHERE id = $1::uuid", id);
        assertThat(row.getString("title")).isEqualTo("Reactive Java in production");
        assertThat(row.getString("type")).isEqualTo("blog_post");
        assertThat(row.getString("style")).isEqualTo("technical");
        assertThat(row.getString("tone")).isEqualTo("professional");
        assertThat(row.getInteger("target_length")).isEqualTo(1500);
        assertThat(row.getString("publish_mode")).isEqualTo("draft");

        given().get("/api/content/tasks/" + id).then().statusCode(200)
                .body("task_id", equalTo(id)).body("status", equalTo("pending"))
                .body("approval_status", nullValue()).body("progress", equalTo(0))
                .body("result", nullValue()).body("error", nullValue())
                .body("created_at", notNullValue()).body("updated_at", notNullValue());
    }

    @Test
    void repeatedIdempotencyKeyReturnsTheFirstContentTask() {
        String first = given().contentType(ContentType.JSON).header("Idempotency-Key", "post-1")
                .body("{\"task_type\":\"email\",\"topic\":\"Welcome email\"}").post("/api/content/tasks")
                .then().statusCode(201).extract().path("task_id");
        given().contentType(ContentType.JSON).header("Idempotency-Key", "post-1")
                .body("{\"task_type\":\"email\",\"topic\":\"Welcome email\"}").post("/api/content/tasks")
                .then().statusCode(200).header("Idempotent-Replayed", "true").body("task_id", equalTo(first));
        assertThat(table.count()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} -> {1} on {2}")
    @CsvSource(delimiter = '|', value = {
            "{\"topic\":\"Valid topic\"}                                              | 422 | task_type",
            "{\"task_type\":\"general\",\"topic\":\"Valid topic\"}                    | 422 | task_type",
            "{\"task_type\":\"poem\",\"topic\":\"Valid topic\"}                       | 422 | task_type",
            "{\"task_type\":\"blog_post\"}                                            | 422 | topic",
            "{\"task_type\":\"blog_post\",\"topic\":\"ab\"}                           | 422 | topic",
            "{\"task_type\":\"blog_post\",\"topic\":\"TOPIC201\"}                     | 422 | topic",
            "{\"task_type\":\"blog_post\",\"topic\":\"Valid\",\"style\":\"poetic\"}   | 422 | style",
            "{\"task_type\":\"blog_post\",\"topic\":\"Valid\",\"tone\":\"angry\"}     | 422 | tone",
            "{\"task_type\":\"blog_post\",\"topic\":\"Valid\",\"target_length\":199}  | 422 | target_length",
            "{\"task_type\":\"blog_post\",\"topic\":\"Valid\",\"target_length\":5001} | 422 | target_length",
            "{\"task_type\":\"blog_post\",\"topic\":\"Valid\",\"publish_mode\":\"now\"} | 422 | publish_mode",
            "{\"task_type\":\"blog_post\",\"topic\":\"Valid\",\"tags\":[\"\"]}        | 422 | tags[0]",
            "{\"task_type\":\"blog_post\",\"topic\":\"Valid\",\"target_length\":\"1500\"} | 400 | target_length",
            "{\"task_type\":\"blog_post\",\"topic\":\"Valid\",\"extra\":1}            | 400 | extra",
            "{\"task_type\":\"blog_post\",\"topic\":5}                                | 400 | topic",
    })
    void badContentRequestIsRejectedNamingTheFieldAndWritesNothing(String template, int status, String field) {
        String body = template.replace("TOPIC201", "t".repeat(201));
        given().contentType(ContentType.JSON).body(body).post("/api/content/tasks").then().statusCode(status)
                .contentType("application/problem+json").body("errors.field", hasItem(field));
        assertThat(table.count()).isZero();
    }

    @Test
    void generalTasksAreNotContentTasks() {
        String general = given().contentType(ContentType.JSON).body("{\"title\":\"chore\"}").post("/api/tasks")
                .then().statusCode(201).extract().path("id");
        given().get("/api/content/tasks/" + general).then().statusCode(404).contentType("application/problem+json");
        given().delete("/api/content/tasks/" + general).then().statusCode(404);
        given().get("/api/content/tasks/" + UUID.randomUUID()).then().statusCode(404);
        given().get("/api/content/tasks/not-a-uuid").then().statusCode(400);
        assertThat(table.count()).isEqualTo(1);
    }

    @Test
    void approvingATaskThatIsNotAwaitingApprovalIs409AndChangesNothing() {
        String id = createContent("{\"task_type\":\"blog_post\",\"topic\":\"Not yet written\"}");
        List<String> before = table.snapshot();
        given().contentType(ContentType.JSON).body("{\"approved\":true,\"reviewer_id\":\"ann\"}")
                .post("/api/content/tasks/" + id + "/approve").then().statusCode(409)
                .contentType("application/problem+json");
        table.execute("UPDATE tasks SET status = 'completed', approval_status = 'published', slug = 'x' WHERE id = $1::uuid", id);
        before = table.snapshot();
        given().contentType(ContentType.JSON).body("{\"approved\":false,\"reviewer_id\":\"ann\"}")
                .post("/api/content/tasks/" + id + "/approve").then().statusCode(409);
        assertThat(table.snapshot()).isEqualTo(before);
    }

    @Test
    void approvalNeedsAReviewerAndADecision() {
        String id = createContent("{\"task_type\":\"blog_post\",\"topic\":\"Needs review\"}");
        table.execute("UPDATE tasks SET status = 'completed', approval_status = 'awaiting_approval', slug = 'needs-review' WHERE id = $1::uuid", id);
        List<String> before = table.snapshot();
        given().contentType(ContentType.JSON).body("{\"approved\":true}").post("/api/content/tasks/" + id + "/approve")
                .then().statusCode(422).body("errors.field", hasItem("reviewer_id"));
        given().contentType(ContentType.JSON).body("{\"reviewer_id\":\"ann\"}").post("/api/content/tasks/" + id + "/approve")
                .then().statusCode(422).body("errors.field", hasItem("approved"));
        given().contentType(ContentType.JSON).body("{\"approved\":\"yes\",\"reviewer_id\":\"ann\"}")
                .post("/api/content/tasks/" + id + "/approve").then().statusCode(400).body("errors.field", hasItem("approved"));
        assertThat(table.snapshot()).isEqualTo(before);
    }

    @Test
    void rejectionRecordsTheReviewAndPublishesNothing() {
        String id = createContent("{\"task_type\":\"newsletter\",\"topic\":\"Rejected draft\"}");
        table.execute("UPDATE tasks SET status = 'completed', approval_status = 'awaiting_approval', slug = 'rejected-draft' WHERE id = $1::uuid", id);
        given().contentType(ContentType.JSON)
                .body("{\"approved\":false,\"human_feedback\":\"Too long\",\"reviewer_id\":\"ann\"}")
                .post("/api/content/tasks/" + id + "/approve").then().statusCode(200)
                .body("task_id", equalTo(id)).body("approval_status", equalTo("rejected"))
                .body("published_url", nullValue()).body("published_at", nullValue());
        var row = table.row("SELECT approval_status, reviewed_by, review_feedback, published_at FROM tasks");
        assertThat(row.getString("approval_status")).isEqualTo("rejected");
        assertThat(row.getString("reviewed_by")).isEqualTo("ann");
        assertThat(row.getString("review_feedback")).isEqualTo("Too long");
        assertThat(row.getValue("published_at")).isNull();
        given().get("/api/posts/rejected-draft").then().statusCode(404);
    }

    @Test
    void deleteRemovesAContentTask() {
        String id = createContent("{\"task_type\":\"social_media\",\"topic\":\"Short post\"}");
        given().delete("/api/content/tasks/" + id).then().statusCode(204);
        given().delete("/api/content/tasks/" + id).then().statusCode(404);
        assertThat(table.count()).isZero();
    }

    @Test
    void deleteOfAGeneralTaskIs404AndKeepsIt() {
        String id = given().contentType(ContentType.JSON).body("{\"title\":\"not content\"}").post("/api/tasks")
                .then().statusCode(201).extract().path("id");
        given().delete("/api/content/tasks/" + id).then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("No content task with id " + id));
        assertThat(table.count()).isEqualTo(1);
        given().get("/api/tasks/" + id).then().statusCode(200);
    }

    private void published(String slug, String category, int hoursAgo, String... tags) {
        table.execute("""
                INSERT INTO tasks (id, title, type, status, category, tags, slug, content, approval_status, published_at,
                                   result, completed_at)
                VALUES (gen_random_uuid(), $1, 'blog_post', 'completed', $2, $3, $1, '# ' || $1, 'published',
                        now() - make_interval(hours => $4),
                        jsonb_build_object('title', 'Title ' || $1, 'excerpt', 'About ' || $1, 'word_count', 321), now())""",
                slug, category, tags, hoursAgo);
    }

    @Test
    void postsListPublishedContentNewestFirstWithPagination() {
        published("newest", "engineering", 1, "java", "quarkus");
        published("middle", "engineering", 2, "java");
        published("oldest", "marketing", 3, "launch");
        table.execute("INSERT INTO tasks (id, title, type, status, slug, approval_status) VALUES "
                + "(gen_random_uuid(), 'draft', 'blog_post', 'completed', 'draft', 'awaiting_approval')");

        given().get("/api/posts").then().statusCode(200)
                .body("data.slug", contains("newest", "middle", "oldest"))
                .body("data[0].title", equalTo("Title newest"))
                .body("data[0].excerpt", equalTo("About newest"))
                .body("data[0].category", equalTo("engineering"))
                .body("data[0].tags", contains("java", "quarkus"))
                .body("data[0].word_count", equalTo(321))
                .body("data[0].published_at", notNullValue())
                .body("data[0].id", notNullValue())
                .body("meta.pagination.page", equalTo(1)).body("meta.pagination.page_size", equalTo(20))
                .body("meta.pagination.total", equalTo(3)).body("meta.pagination.page_count", equalTo(1));
        given().get("/api/posts?page=2&page_size=2").then().statusCode(200)
                .body("data.slug", contains("oldest"))
                .body("meta.pagination.total", equalTo(3)).body("meta.pagination.page_count", equalTo(2));

        given().get("/api/posts/newest").then().statusCode(200)
                .body("slug", equalTo("newest")).body("content", equalTo("# newest"));
        given().get("/api/posts/draft").then().statusCode(404).contentType("application/problem+json");
        given().get("/api/posts/nothing").then().statusCode(404);

        given().get("/api/categories").then().statusCode(200)
                .body("name", contains("engineering", "marketing")).body("post_count", contains(2, 1));
        given().get("/api/tags").then().statusCode(200)
                .body("name", contains("java", "launch", "quarkus")).body("post_count", contains(2, 1, 1));
    }

    @ParameterizedTest
    @CsvSource({ "page=0, page", "page_size=0, page_size", "page_size=101, page_size", "page=x, page", "sort=new, sort" })
    void badPostParametersAre400NamingThem(String query, String field) {
        given().get("/api/posts?" + query).then().statusCode(400).body("errors.field", hasItem(field));
    }

    @ParameterizedTest
    @CsvSource({ "/api/categories?limit=1, limit", "/api/tags?category=x, category", "/api/tasks/stats?since=1, since" })
    void endpointsWithoutParametersRefuseOneWith400NamingIt(String target, String field) {
        given().get(target).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(field));
    }
}
