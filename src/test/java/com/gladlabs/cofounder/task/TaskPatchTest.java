package com.gladlabs.cofounder.task;

import static com.gladlabs.cofounder.task.TaskApi.create;
import static com.gladlabs.cofounder.task.TaskApi.get;
import static com.gladlabs.cofounder.task.TaskApi.patch;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.gladlabs.cofounder.TasksTable;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class TaskPatchTest {

    final TasksTable table = TasksTable.get();

    @BeforeEach
    void empty() {
        table.clear();
    }

    @Test
    void mergePatchChangesOnlyTheGivenFieldsAndBumpsTheVersion() {
        String id = create("{\"title\":\"before\",\"description\":\"keep\",\"tags\":[\"a\"],\"priority\":\"low\"}");
        String createdUpdatedAt = get(id).extract().path("updated_at");

        patch(id, "{\"title\":\"after\",\"priority\":\"high\",\"tags\":[\"b\",\"c\"],\"progress\":40,"
                + "\"content\":\"# Draft\",\"slug\":\"a-draft\",\"quality_score\":88}")
                .statusCode(200).contentType(ContentType.JSON)
                .header("ETag", "\"1\"")
                .body("title", equalTo("after"))
                .body("description", equalTo("keep"))
                .body("priority", equalTo("high"))
                .body("tags", contains("b", "c"))
                .body("progress", equalTo(40))
                .body("content", equalTo("# Draft"))
                .body("slug", equalTo("a-draft"))
                .body("quality_score", equalTo(88))
                .body("version", equalTo(1));

        var row = table.row("SELECT title, description, priority, progress, version, updated_at::text AS u, "
                + "created_at < updated_at AS moved FROM tasks WHERE id = $1::uuid", id);
        assertThat(row.getString("title")).isEqualTo("after");
        assertThat(row.getString("description")).isEqualTo("keep");
        assertThat(row.getString("priority")).isEqualTo("high");
        assertThat(row.getInteger("progress")).isEqualTo(40);
        assertThat(row.getLong("version")).isEqualTo(1);
        assertThat(row.getBoolean("moved")).isTrue();
        assertThat((String) get(id).extract().path("updated_at")).isNotEqualTo(createdUpdatedAt);

        patch(id, "{\"description\":null}").statusCode(200).header("ETag", "\"2\"").body("description", nullValue());
    }

    @Test
    void patchThatChangesNothingKeepsTheVersion() {
        String id = create("{\"title\":\"same\"}");
        patch(id, "{\"title\":\"same\",\"status\":\"pending\"}").statusCode(200).header("ETag", "\"0\"");
        patch(id, "{}").statusCode(200).header("ETag", "\"0\"");
        assertThat(table.row("SELECT version FROM tasks").getLong("version")).isZero();
    }

    @Test
    void metadataAndResultAreMergedAsRfc7386Says() {
        String id = create("{\"title\":\"m\",\"metadata\":{\"keep\":1,\"drop\":2,\"nested\":{\"a\":1,\"b\":2}}}");
        patch(id, "{\"metadata\":{\"drop\":null,\"nested\":{\"b\":null,\"c\":3},\"added\":\"x\"},"
                + "\"result\":{\"summary\":\"done\"}}")
                .statusCode(200)
                .body("metadata", equalTo(Map.of("keep", 1, "nested", Map.of("a", 1, "c", 3), "added", "x")))
                .body("result.summary", equalTo("done"));
        patch(id, "{\"result\":null}").statusCode(200).body("result", nullValue());
        assertThat(table.row("SELECT result IS NULL AS gone FROM tasks").getBoolean("gone")).isTrue();
    }

    @Test
    void applicationJsonIsAcceptedAsWellAsMergePatch() {
        String id = create();
        given().contentType(ContentType.JSON).body("{\"title\":\"json\"}").patch("/api/tasks/" + id)
                .then().statusCode(200).body("title", equalTo("json"));
        given().contentType(ContentType.TEXT).body("{\"title\":\"text\"}").patch("/api/tasks/" + id)
                .then().statusCode(415).contentType("application/problem+json");
        assertThat(table.row("SELECT title FROM tasks").getString("title")).isEqualTo("json");
    }

    @ParameterizedTest(name = "{0} -> {1} on {2}")
    @CsvSource(delimiter = '|', value = {
            "{\"title\":null}                     | 422 | title",
            "{\"title\":\"\"}                     | 422 | title",
            "{\"priority\":null}                  | 422 | priority",
            "{\"priority\":\"critical\"}          | 422 | priority",
            "{\"status\":null}                    | 422 | status",
            "{\"tags\":null}                      | 422 | tags",
            "{\"metadata\":null}                  | 422 | metadata",
            "{\"progress\":101}                   | 422 | progress",
            "{\"progress\":-1}                    | 422 | progress",
            "{\"quality_score\":101}              | 422 | quality_score",
            "{\"slug\":\"Not A Slug\"}            | 422 | slug",
            "{\"publish_mode\":\"later\"}         | 422 | publish_mode",
            "{\"title\":7}                        | 400 | title",
            "{\"progress\":\"50\"}                | 400 | progress",
            "{\"progress\":50.5}                  | 400 | progress",
            "{\"tags\":\"x\"}                     | 400 | tags",
            "{\"result\":[1]}                     | 400 | result",
            "{\"type\":\"email\"}                 | 400 | type",
            "{\"id\":\"x\"}                       | 400 | id",
            "{\"version\":9}                      | 400 | version",
            "{\"created_at\":\"2020-01-01T00:00:00Z\"} | 400 | created_at",
            "{\"nonsense\":1}                     | 400 | nonsense",
    })
    void badPatchIsRejectedNamingTheFieldAndChangesNothing(String body, int status, String field) {
        String id = create("{\"title\":\"untouched\"}");
        List<String> before = table.snapshot();
        patch(id, body).statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("errors.field", hasItem(field));
        assertThat(table.snapshot()).isEqualTo(before);
    }

    @Test
    void unknownStatusIs422NamingTheAllowedValues() {
        String id = create();
        patch(id, "{\"status\":\"done\"}").statusCode(422)
                .body("errors[0].field", equalTo("status"))
                .body("errors[0].message", equalTo("must be one of: pending, in_progress, completed, failed"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "[]", "\"text\"", "42", "null" })
    void patchBodyMustBeAnObject(String body) {
        String id = create();
        patch(id, body).statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("body"));
    }

    @Test
    void patchOfUnknownTaskIs404() {
        patch(UUID.randomUUID().toString(), "{\"title\":\"x\"}").statusCode(404).contentType("application/problem+json");
        assertThat(table.count()).isZero();
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            "pending, in_progress, 200", "pending, failed, 200", "pending, completed, 409", "pending, pending, 200",
            "in_progress, completed, 200", "in_progress, failed, 200", "in_progress, pending, 200",
            "in_progress, in_progress, 200",
            "failed, pending, 200", "failed, in_progress, 409", "failed, completed, 409", "failed, failed, 200",
            "completed, pending, 409", "completed, in_progress, 409", "completed, failed, 409",
            "completed, completed, 200",
    })
    void statusMovesFollowTheLifecycle(String from, String to, int expected) {
        String id = create();
        table.execute("UPDATE tasks SET status = $1", from);
        long version = table.row("SELECT version FROM tasks").getLong("version");
        var response = patch(id, "{\"status\":\"" + to + "\"}").statusCode(expected);
        if (expected == 409) {
            response.contentType("application/problem+json")
                    .body("detail", containsString(from)).body("detail", containsString(to));
            assertThat(table.row("SELECT status FROM tasks").getString("status")).isEqualTo(from);
            assertThat(table.row("SELECT version FROM tasks").getLong("version")).isEqualTo(version);
        } else {
            response.body("status", equalTo(to));
            assertThat(table.row("SELECT status FROM tasks").getString("status")).isEqualTo(to);
        }
    }

    @Test
    void enteringInProgressSetsStartedAtOnceAndCountsAttempts() {
        String id = create();
        patch(id, "{\"status\":\"in_progress\"}").statusCode(200)
                .body("attempts", equalTo(1)).body("started_at", notNullValue()).body("completed_at", nullValue());
        String firstStart = get(id).extract().path("started_at");
        patch(id, "{\"status\":\"pending\"}").statusCode(200).body("attempts", equalTo(1));
        patch(id, "{\"status\":\"in_progress\"}").statusCode(200)
                .body("attempts", equalTo(2)).body("started_at", equalTo(firstStart));
        patch(id, "{\"status\":\"in_progress\",\"progress\":10}").statusCode(200).body("attempts", equalTo(2));
        patch(id, "{\"status\":\"completed\",\"progress\":100}").statusCode(200)
                .body("completed_at", notNullValue()).body("progress", equalTo(100));
        var row = table.row("SELECT attempts, started_at IS NOT NULL AS s, completed_at >= started_at AS c FROM tasks");
        assertThat(row.getInteger("attempts")).isEqualTo(2);
        assertThat(row.getBoolean("c")).isTrue();
    }

    @Test
    void failingSetsCompletedAtAndRetryingClearsTheError() {
        String id = create();
        patch(id, "{\"status\":\"in_progress\"}").statusCode(200);
        patch(id, "{\"status\":\"failed\",\"error_message\":\"generator timed out\"}").statusCode(200)
                .body("completed_at", notNullValue()).body("error_message", equalTo("generator timed out"));
        patch(id, "{\"status\":\"pending\"}").statusCode(200)
                .body("error_message", nullValue()).body("completed_at", nullValue()).body("status", equalTo("pending"));
        var row = table.row("SELECT error_message, completed_at FROM tasks");
        assertThat(row.getString("error_message")).isNull();
        assertThat(row.getValue("completed_at")).isNull();
    }

    @Test
    void staleIfMatchIsRejectedAndChangesNothing() {
        String id = create("{\"title\":\"v0\"}");
        patch(id, "\"0\"", "{\"title\":\"v1\"}").statusCode(200).header("ETag", "\"1\"");
        List<String> before = table.snapshot();
        patch(id, "\"0\"", "{\"title\":\"lost update\"}").statusCode(412).contentType("application/problem+json")
                .body("status", equalTo(412));
        assertThat(table.snapshot()).isEqualTo(before);
        assertThat(table.row("SELECT title FROM tasks").getString("title")).isEqualTo("v1");
        patch(id, "\"1\"", "{\"title\":\"v2\"}").statusCode(200).header("ETag", "\"2\"");
        patch(id, "\"5\", \"2\"", "{\"title\":\"v3\"}").statusCode(200).header("ETag", "\"3\"");
        patch(id, "*", "{\"title\":\"v4\"}").statusCode(200).header("ETag", "\"4\"");
        patch(id, "W/\"4\"", "{\"title\":\"weak\"}").statusCode(412);
    }

    @ParameterizedTest
    @ValueSource(strings = { "3", "\"unterminated", "\"1\" junk" })
    void malformedIfMatchIs400(String ifMatch) {
        String id = create();
        patch(id, ifMatch, "{\"title\":\"x\"}").statusCode(400).body("errors.field", hasItem("If-Match"));
        assertThat(table.row("SELECT title FROM tasks").getString("title")).isEqualTo("a task");
    }

    @Test
    void slugAlreadyUsedIs409AndChangesNothing() {
        String first = create();
        String second = create();
        patch(first, "{\"slug\":\"taken\"}").statusCode(200);
        patch(second, "{\"slug\":\"taken\"}").statusCode(409).contentType("application/problem+json")
                .body("errors.field", hasItem("slug"));
        assertThat(table.row("SELECT slug FROM tasks WHERE id = $1::uuid", second).getString("slug")).isNull();
    }
}
