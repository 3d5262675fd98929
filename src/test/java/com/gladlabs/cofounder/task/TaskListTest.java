package com.gladlabs.cofounder.task;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.gladlabs.cofounder.TasksTable;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class TaskListTest {

    final TasksTable table = TasksTable.get();

    @BeforeEach
    void empty() {
        table.clear();
    }

    /** Inserts a task created {@code minutesAgo} minutes ago, through plain SQL. */
    private void seed(String title, int minutesAgo, String status, String type, String priority, String category,
            String createdBy, String... tags) {
        table.execute("""
                INSERT INTO tasks (id, title, status, type, priority, category, created_by, tags, created_at, updated_at)
                VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, now() - make_interval(mins => $8),
                        now() - make_interval(mins => $8))""",
                title, status, type, priority, category, createdBy, tags, minutesAgo);
    }

    private void seedVariety() {
        seed("Alpha launch post", 1, "pending", "blog_post", "low", "marketing", "alice", "launch", "blog");
        seed("beta newsletter", 2, "in_progress", "newsletter", "urgent", "marketing", "bob", "news");
        seed("Gamma email", 3, "completed", "email", "high", "sales", "alice", "launch");
        seed("delta social 100%_done", 4, "failed", "social_media", "normal", "social", "carol");
        seed("Epsilon chore", 5, "pending", "general", "urgent", "general", "system");
    }

    private static JsonPath list(String query) {
        return given().urlEncodingEnabled(false).get("/api/tasks" + query).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void defaultListIsNewestFirstWithTotalsAndPaging() {
        seedVariety();
        given().get("/api/tasks").then().statusCode(200)
                .body("tasks.title", contains("Alpha launch post", "beta newsletter", "Gamma email",
                        "delta social 100%_done", "Epsilon chore"))
                .body("total", equalTo(5)).body("limit", equalTo(20)).body("offset", equalTo(0))
                .body("next_cursor", nullValue());
        given().get("/api/tasks?limit=2&offset=2").then().statusCode(200)
                .body("tasks.title", contains("Gamma email", "delta social 100%_done"))
                .body("total", equalTo(5)).body("limit", equalTo(2)).body("offset", equalTo(2))
                .body("next_cursor", notNullValue());
    }

    @Test
    void filtersNarrowTheListAndTheTotal() {
        seedVariety();
        assertThat(list("?status=pending").getList("tasks.title")).containsExactly("Alpha launch post", "Epsilon chore");
        assertThat(list("?status=pending").getInt("total")).isEqualTo(2);
        assertThat(list("?status=completed,failed").getList("tasks.title"))
                .containsExactly("Gamma email", "delta social 100%_done");
        assertThat(list("?type=newsletter").getList("tasks.title")).containsExactly("beta newsletter");
        assertThat(list("?category=marketing").getInt("total")).isEqualTo(2);
        assertThat(list("?priority=urgent").getList("tasks.title")).containsExactly("beta newsletter", "Epsilon chore");
        assertThat(list("?created_by=alice").getList("tasks.title")).containsExactly("Alpha launch post", "Gamma email");
        assertThat(list("?tag=launch").getList("tasks.title")).containsExactly("Alpha launch post", "Gamma email");
        assertThat(list("?tag=nope").getInt("total")).isZero();
        assertThat(list("?q=ALPHA").getList("tasks.title")).containsExactly("Alpha launch post");
        assertThat(list("?q=%20").getInt("total")).isEqualTo(5);
        assertThat(list("?status=pending&priority=urgent&category=general").getList("tasks.title"))
                .containsExactly("Epsilon chore");
    }

    @Test
    void searchTreatsLikeWildcardsAsPlainCharacters() {
        seedVariety();
        assertThat(list("?q=100%25_").getList("tasks.title")).containsExactly("delta social 100%_done");
        assertThat(list("?q=%25").getList("tasks.title")).containsExactly("delta social 100%_done");
        assertThat(list("?q=_").getList("tasks.title")).containsExactly("delta social 100%_done");
        assertThat(list("?q=%27%3B%20DROP%20TABLE%20tasks%3B--").getInt("total")).isZero();
        assertThat(table.count()).isEqualTo(5);
    }

    @Test
    void sortsOrderAsAsked() {
        seedVariety();
        assertThat(list("?sort=created_at").getList("tasks.title")).containsExactly("Epsilon chore",
                "delta social 100%_done", "Gamma email", "beta newsletter", "Alpha launch post");
        assertThat(list("?sort=-priority").getList("tasks.priority"))
                .containsExactly("urgent", "urgent", "high", "normal", "low");
        assertThat(list("?sort=-priority").getList("tasks.title").subList(0, 2))
                .containsExactly("beta newsletter", "Epsilon chore");
        table.execute("UPDATE tasks SET updated_at = now() + interval '1 minute' WHERE title = 'Epsilon chore'");
        assertThat(list("?sort=-updated_at").getList("tasks.title").get(0)).isEqualTo("Epsilon chore");
    }

    @Test
    void cursorWalksEveryRowOnceInOrderForEachSort() {
        for (int i = 0; i < 23; i++) {
            seed("task " + i, i % 7, i % 2 == 0 ? "pending" : "failed", "general",
                    List.of("low", "normal", "high", "urgent").get(i % 4), "general", "system");
        }
        for (String sort : List.of("-created_at", "created_at", "-updated_at", "-priority")) {
            List<String> all = list("?limit=100&sort=" + sort).getList("tasks.id");
            List<String> walked = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                JsonPath page = list("?limit=5&sort=" + sort + (cursor == null ? "" : "&cursor=" + cursor));
                assertThat(page.getInt("total")).isEqualTo(23);
                walked.addAll(page.getList("tasks.id"));
                cursor = page.getString("next_cursor");
                pages++;
            } while (cursor != null);
            assertThat(walked).as(sort).containsExactlyElementsOf(all);
            assertThat(pages).isEqualTo(5);
        }
    }

    @Test
    void cursorKeepsItsFiltersAndIgnoresOffset() {
        for (int i = 0; i < 6; i++) {
            seed("p" + i, i, "pending", "general", "normal", "general", "system");
            seed("f" + i, i, "failed", "general", "normal", "general", "system");
        }
        JsonPath first = list("?status=pending&limit=4");
        String cursor = first.getString("next_cursor");
        JsonPath second = list("?status=pending&limit=4&offset=3&cursor=" + cursor);
        assertThat(second.getList("tasks.title")).containsExactly("p4", "p5");
        assertThat(second.getString("next_cursor")).isNull();

        given().get("/api/tasks?status=failed&cursor=" + cursor).then().statusCode(400)
                .body("errors.field", hasItem("cursor"));
        given().get("/api/tasks?status=pending&sort=created_at&cursor=" + cursor).then().statusCode(400)
                .body("errors.field", hasItem("cursor"));
    }

    @Test
    void totalFalseSkipsTheCountAndGivesTheSamePages() {
        for (int i = 0; i < 6; i++) {
            seed("p" + i, i, "pending", "general", "normal", "general", "system");
            seed("f" + i, i, "failed", "general", "normal", "general", "system");
        }
        JsonPath counted = list("?status=pending&limit=4");
        JsonPath uncounted = list("?status=pending&limit=4&total=false");
        assertThat(counted.getLong("total")).isEqualTo(6);
        assertThat(uncounted.get("total") == null).as("total is null").isTrue();
        assertThat(uncounted.getMap("$")).containsKey("total");
        assertThat(uncounted.getList("tasks.id")).isEqualTo(counted.getList("tasks.id"));
        assertThat(uncounted.getString("next_cursor")).isEqualTo(counted.getString("next_cursor"));
        // The cursor holds the filters, not the choice of total: either page can follow either.
        JsonPath rest = list("?status=pending&limit=4&total=false&cursor=" + counted.getString("next_cursor"));
        assertThat(rest.getList("tasks.title")).containsExactly("p4", "p5");
        assertThat(list("?status=pending&limit=4&total=true").getLong("total")).isEqualTo(6);
    }

    @Test
    void cursorStaysStableWhenNewTasksArrive() {
        for (int i = 0; i < 6; i++) {
            seed("old " + i, 10 + i, "pending", "general", "normal", "general", "system");
        }
        JsonPath first = list("?limit=3");
        seed("brand new", 0, "pending", "general", "normal", "general", "system");
        JsonPath second = list("?limit=3&cursor=" + first.getString("next_cursor"));
        assertThat(second.getList("tasks.title")).containsExactly("old 3", "old 4", "old 5");
    }

    @ParameterizedTest
    @ValueSource(strings = { "limit=0", "limit=101", "limit=abc", "limit=", "offset=-1", "offset=1.5",
            "status=done", "status=pending,,failed", "type=poem", "priority=critical", "sort=title", "sort=-created",
            "cursor=not-a-cursor", "cursor=%25%25%25", "unknown=1", "limit=1&limit=2", "q=", "category=",
            "q=%00", "total=no", "total=TRUE", "total=1", "total=" })
    void badQueryParameterIs400NamingIt(String query) {
        seedVariety();
        String name = query.substring(0, query.indexOf('='));
        given().urlEncodingEnabled(false).get("/api/tasks?" + query).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(name));
    }

    @Test
    void badParametersAreAllNamedInOneAnswer() {
        given().get("/api/tasks?limit=0&status=nope&bogus=1").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("limit", "status", "bogus"));
    }

    @Test
    void draftsAreCompletedTasksAwaitingApprovalNewestFirst() {
        seedVariety();
        seed("draft old", 30, "completed", "blog_post", "normal", "general", "system");
        seed("draft new", 20, "completed", "blog_post", "normal", "general", "system");
        seed("approved", 10, "completed", "blog_post", "normal", "general", "system");
        seed("in progress awaiting", 5, "in_progress", "blog_post", "normal", "general", "system");
        table.execute("UPDATE tasks SET approval_status = 'awaiting_approval' WHERE title LIKE 'draft%' OR title = 'in progress awaiting'");
        table.execute("UPDATE tasks SET approval_status = 'approved' WHERE title = 'approved'");

        given().get("/api/tasks/drafts").then().statusCode(200)
                .body("drafts.title", contains("draft new", "draft old"))
                .body("drafts[0].approval_status", equalTo("awaiting_approval"))
                .body("total", equalTo(2)).body("limit", equalTo(20)).body("offset", equalTo(0));
        given().get("/api/tasks/drafts?limit=1&offset=1").then().statusCode(200)
                .body("drafts.title", contains("draft old")).body("total", equalTo(2));
        given().get("/api/tasks/drafts?limit=500").then().statusCode(400).body("errors.field", hasItem("limit"));
        given().get("/api/tasks/drafts?status=pending").then().statusCode(400).body("errors.field", hasItem("status"));
    }

    @Test
    void statsCountEveryStatusAndTypeWithRatesAndDurations() {
        given().get("/api/tasks/stats").then().statusCode(200)
                .body("total", equalTo(0))
                .body("by_status", equalTo(Map.of("pending", 0, "in_progress", 0, "completed", 0, "failed", 0)))
                .body("by_type", equalTo(Map.of("general", 0, "blog_post", 0, "social_media", 0, "email", 0,
                        "newsletter", 0)))
                .body("success_rate", nullValue())
                .body("avg_duration_seconds", nullValue());

        seedVariety();
        seed("done 2", 1, "completed", "email", "normal", "general", "system");
        seed("done 3", 1, "completed", "blog_post", "normal", "general", "system");
        seed("failed 2", 1, "failed", "email", "normal", "general", "system");
        // Three completed tasks with durations 60 s, 120 s and 30 s; one completed without a start.
        table.execute("UPDATE tasks SET started_at = now() - interval '100 seconds', completed_at = now() - interval '40 seconds' WHERE title = 'Gamma email'");
        table.execute("UPDATE tasks SET started_at = now() - interval '200 seconds', completed_at = now() - interval '80 seconds' WHERE title = 'done 2'");
        table.execute("UPDATE tasks SET started_at = now() - interval '50 seconds', completed_at = now() - interval '20 seconds' WHERE title = 'done 3'");

        JsonPath stats = given().get("/api/tasks/stats").then().statusCode(200)
                .body("total", equalTo(8))
                .body("by_status", equalTo(Map.of("pending", 2, "in_progress", 1, "completed", 3, "failed", 2)))
                .body("by_type", equalTo(Map.of("general", 1, "blog_post", 2, "social_media", 1, "email", 3,
                        "newsletter", 1)))
                .extract().jsonPath();
        assertThat(stats.getDouble("success_rate")).isCloseTo(0.6, within(1e-6));
        assertThat(stats.getDouble("avg_duration_seconds")).isCloseTo(70.0, within(1e-3));
        assertThat(table.count()).isEqualTo(8);
    }

    @Test
    void listShowsEveryColumnButTheIdempotencyKey() {
        seedVariety();
        Map<String, Object> task = list("?limit=1").getMap("tasks[0]");
        assertThat(task).hasSize(33).doesNotContainKey("idempotency_key");
        given().get("/api/tasks?limit=1").then().body("tasks", hasSize(1));
    }
}
