package com.gladlabs.cofounder.task;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.gladlabs.cofounder.TasksTable;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class TaskCreateTest {

    final TasksTable table = TasksTable.get();

    @BeforeEach
    void empty() {
        table.clear();
    }

    @Test
    void minimalCreateAnswers201WithLocationETagAndTheTableDefaults() {
        var created = given().contentType(ContentType.JSON).body("{\"title\":\"Write the launch post\"}")
                .when().post("/api/tasks")
                .then().statusCode(201)
                .contentType(ContentType.JSON)
                .header("ETag", "\"0\"")
                .body("title", equalTo("Write the launch post"))
                .body("type", equalTo("general"))
                .body("status", equalTo("pending"))
                .body("priority", equalTo("normal"))
                .body("category", equalTo("general"))
                .body("tags", org.hamcrest.Matchers.empty())
                .body("assigned_agents", org.hamcrest.Matchers.empty())
                .body("created_by", equalTo("system"))
                .body("progress", equalTo(0))
                .body("attempts", equalTo(0))
                .body("version", equalTo(0))
                .body("metadata", equalTo(Map.of()))
                .body("created_at", notNullValue())
                .body("updated_at", notNullValue())
                .body("$", not(hasKey("idempotency_key")))
                .extract();
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith("/api/tasks/" + id);

        var row = table.row("SELECT title, status, version FROM tasks WHERE id = $1::uuid", id);
        assertThat(row.getString("title")).isEqualTo("Write the launch post");
        assertThat(row.getString("status")).isEqualTo("pending");
        assertThat(row.getLong("version")).isZero();
    }

    @Test
    void everyCreatableFieldIsStoredAndReturnedAsGiven() {
        String body = """
                {"title": "Q3 newsletter — «résumé» 🚀", "description": "line one\\nline two\\ttab",
                 "type": "newsletter", "priority": "urgent", "category": "marketing",
                 "tags": ["launch", "émoji 🎉"], "assigned_agents": ["writer", "editor"], "created_by": "alice",
                 "topic": "Quarterly update", "primary_keyword": "quarkus", "style": "narrative", "tone": "casual",
                 "target_length": 1200, "publish_mode": "publish",
                 "metadata": {"source": "crm", "score": 0.1234567890123456789, "nested": {"list": [1, "two", null, true]}}}""";
        String id = given().contentType(ContentType.JSON).body(body).post("/api/tasks")
                .then().statusCode(201)
                .body("title", equalTo("Q3 newsletter — «résumé» 🚀"))
                .body("description", equalTo("line one\nline two\ttab"))
                .body("type", equalTo("newsletter"))
                .body("priority", equalTo("urgent"))
                .body("category", equalTo("marketing"))
                .body("tags", contains("launch", "émoji 🎉"))
                .body("assigned_agents", contains("writer", "editor"))
                .body("created_by", equalTo("alice"))
                .body("topic", equalTo("Quarterly update"))
                .body("primary_keyword", equalTo("quarkus"))
                .body("style", equalTo("narrative"))
                .body("tone", equalTo("casual"))
                .body("target_length", equalTo(1200))
                .body("publish_mode", equalTo("publish"))
                .body("metadata.source", equalTo("crm"))
                .body("metadata.nested.list[1]", equalTo("two"))
                .extract().path("id");

        String stored = given().get("/api/tasks/" + id).then().statusCode(200).extract().asString();
        assertThat(stored).contains("\"score\":0.1234567890123456789"); // decimals kept exact
        var row = table.row("SELECT title, tags, metadata->>'source' AS source FROM tasks WHERE id = $1::uuid", id);
        assertThat(row.getString("title")).isEqualTo("Q3 newsletter — «résumé» 🚀");
        assertThat(row.getArrayOfStrings("tags")).containsExactly("launch", "émoji 🎉");
        assertThat(row.getString("source")).isEqualTo("crm");
    }

    @Test
    void sameIdempotencyKeyReturnsTheFirstTaskAndCreatesNothing() {
        String first = given().contentType(ContentType.JSON).header("Idempotency-Key", "order-42")
                .body("{\"title\":\"once\"}").post("/api/tasks")
                .then().statusCode(201).header("Idempotent-Replayed", nullValue()).extract().path("id");

        given().contentType(ContentType.JSON).header("Idempotency-Key", "order-42")
                .body("{\"title\":\"once, retried\"}").post("/api/tasks")
                .then().statusCode(200)
                .header("Idempotent-Replayed", "true")
                .header("ETag", "\"0\"")
                .body("id", equalTo(first))
                .body("title", equalTo("once"))
                .body("$", not(hasKey("idempotency_key")));

        assertThat(table.count()).isEqualTo(1);
        assertThat(table.row("SELECT idempotency_key FROM tasks").getString("idempotency_key")).isEqualTo("order-42");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "a b", "tab\there" })
    void badIdempotencyKeyIs400AndWritesNothing(String key) {
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body("{\"title\":\"x\"}")
                .post("/api/tasks").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("Idempotency-Key"));
        assertThat(table.count()).isZero();
    }

    @Test
    void tooLongOrRepeatedIdempotencyKeyIs400() {
        given().contentType(ContentType.JSON).header("Idempotency-Key", "k".repeat(129)).body("{\"title\":\"x\"}")
                .post("/api/tasks").then().statusCode(400).body("errors.field", hasItem("Idempotency-Key"));
        given().contentType(ContentType.JSON).header("Idempotency-Key", "k1").header("Idempotency-Key", "k2")
                .body("{\"title\":\"x\"}").post("/api/tasks").then().statusCode(400)
                .body("detail", containsString("once"));
        given().contentType(ContentType.JSON).header("Idempotency-Key", "k".repeat(128)).body("{\"title\":\"x\"}")
                .post("/api/tasks").then().statusCode(201);
        assertThat(table.count()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} -> 422 on {1}")
    @CsvSource(delimiter = '|', value = {
            "{}                                                   | title",
            "{\"title\":null}                                     | title",
            "{\"title\":\"   \"}                                  | title",
            "{\"title\":\"TITLE201\"}                             | title",
            "{\"title\":\"ok\",\"description\":\"DESC10001\"}     | description",
            "{\"title\":\"ok\",\"type\":\"poem\"}                 | type",
            "{\"title\":\"ok\",\"priority\":\"critical\"}         | priority",
            "{\"title\":\"ok\",\"category\":\"\"}                 | category",
            "{\"title\":\"ok\",\"category\":\"CAT65\"}            | category",
            "{\"title\":\"ok\",\"tags\":TAGS21}                   | tags",
            "{\"title\":\"ok\",\"tags\":[\"TAG51\"]}              | tags[0]",
            "{\"title\":\"ok\",\"tags\":[\"ok\",\"\"]}            | tags[1]",
            "{\"title\":\"ok\",\"tags\":[null]}                   | tags[0]",
            "{\"title\":\"ok\",\"assigned_agents\":[\"\"]}        | assigned_agents[0]",
            "{\"title\":\"ok\",\"target_length\":0}               | target_length",
            "{\"title\":\"ok\",\"publish_mode\":\"later\"}        | publish_mode",
            "{\"title\":\"nul \\u0000 inside\"}                   | title",
            "{\"title\":\"lone \\ud800 surrogate\"}               | title",
            "{\"title\":\"ok\",\"metadata\":{\"k\":\"\\u0000\"}}  | metadata",
    })
    void ruleViolationIs422NamingTheFieldAndWritesNothing(String template, String field) {
        String body = template.replace("TITLE201", "t".repeat(201)).replace("DESC10001", "d".repeat(10_001))
                .replace("CAT65", "c".repeat(65)).replace("TAG51", "g".repeat(51))
                .replace("TAGS21", "[" + String.join(",", java.util.Collections.nCopies(21, "\"t\"")) + "]");
        given().contentType(ContentType.JSON).body(body).post("/api/tasks")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("status", equalTo(422))
                .body("title", equalTo("Validation failed"))
                .body("type", notNullValue())
                .body("errors.field", hasItem(field));
        assertThat(table.count()).isZero();
    }

    @Test
    void enumerationErrorsNameTheAllowedValues() {
        given().contentType(ContentType.JSON).body("{\"title\":\"ok\",\"type\":\"poem\",\"priority\":\"asap\"}")
                .post("/api/tasks").then().statusCode(422)
                .body("errors.find { it.field == 'type' }.message",
                        equalTo("must be one of: general, blog_post, social_media, email, newsletter"))
                .body("errors.find { it.field == 'priority' }.message",
                        equalTo("must be one of: low, normal, high, urgent"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"title\": \"unterminated",
            "{\"title\": \"a\",}",
            "not json at all",
            "{\"title\": \"a\"} trailing",
            "{'title': 'single quotes'}",
            "{\"title\": \"a\", \"title\": \"b\"}",
    })
    void malformedJsonIs400AndWritesNothing(String body) {
        given().contentType(ContentType.JSON).body(body).post("/api/tasks")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", not(containsString("com.fasterxml")))
                .body("detail", not(containsString("Exception")));
        assertThat(table.count()).isZero();
    }

    @ParameterizedTest(name = "{0} -> 400 on {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"title\":123}                               | title",
            "{\"title\":true}                              | title",
            "{\"title\":[\"a\"]}                           | title",
            "{\"title\":{\"a\":1}}                         | title",
            "{\"title\":\"ok\",\"tags\":\"one\"}           | tags",
            "{\"title\":\"ok\",\"tags\":[1]}               | tags[0]",
            "{\"title\":\"ok\",\"target_length\":\"100\"}  | target_length",
            "{\"title\":\"ok\",\"target_length\":1.5}      | target_length",
            "{\"title\":\"ok\",\"target_length\":99999999999999999999} | target_length",
            "{\"title\":\"ok\",\"metadata\":[1,2]}         | metadata",
            "{\"title\":\"ok\",\"metadata\":\"x\"}         | metadata",
            "[{\"title\":\"ok\"}]                          | body",
            "\"just a string\"                             | body",
    })
    void wrongJsonTypeIs400NamingTheFieldAndWritesNothing(String body, String field) {
        given().contentType(ContentType.JSON).body(body).post("/api/tasks")
                .then().log().ifValidationFails().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(field))
                .body("detail", not(containsString("java.")));
        assertThat(table.count()).isZero();
    }

    @Test
    void unknownFieldIs400NamingItSoThatTyposAreCaught() {
        given().contentType(ContentType.JSON).body("{\"title\":\"ok\",\"priorty\":\"high\"}").post("/api/tasks")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("priorty"))
                .body("errors[0].message", equalTo("is not a known field"));
        given().contentType(ContentType.JSON).body("{\"title\":\"ok\",\"status\":\"completed\"}").post("/api/tasks")
                .then().statusCode(400).body("errors.field", contains("status"));
        assertThat(table.count()).isZero();
    }

    @Test
    void emptyBodyIs400() {
        given().contentType(ContentType.JSON).post("/api/tasks")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("body"));
        assertThat(table.count()).isZero();
    }

    @Test
    void wrongContentTypeIs415() {
        given().contentType(ContentType.TEXT).body("{\"title\":\"ok\"}").post("/api/tasks")
                .then().statusCode(415).contentType("application/problem+json").body("status", equalTo(415));
        given().contentType(ContentType.XML).body("<title>ok</title>").post("/api/tasks")
                .then().statusCode(415).contentType("application/problem+json");
        assertThat(table.count()).isZero();
    }

    @Test
    void bodyOverOneMebibyteIs413() {
        String huge = "{\"title\":\"big\",\"description\":\"" + "x".repeat(1024 * 1024) + "\"}";
        ValidatableResponse response = given().contentType(ContentType.JSON).body(huge).post("/api/tasks").then();
        response.statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
        assertThat(table.count()).isZero();
    }

    @Test
    void bodyJustUnderTheLimitIsReadAndJudgedOnItsRules() {
        // 1 MiB minus a little: read fine, then refused by the description rule (422), not by size.
        String large = "{\"title\":\"big\",\"description\":\"" + "x".repeat(1024 * 1024 - 100) + "\"}";
        given().contentType(ContentType.JSON).body(large).post("/api/tasks")
                .then().statusCode(422).body("errors.field", contains("description"));
    }

    @Test
    void storedTasksAreListedWithTheIdempotencyKeyNeverShown() {
        given().contentType(ContentType.JSON).header("Idempotency-Key", "secret-key").body("{\"title\":\"k\"}")
                .post("/api/tasks").then().statusCode(201);
        String list = given().get("/api/tasks").then().statusCode(200).extract().asString();
        assertThat(list).doesNotContain("secret-key").doesNotContain("idempotency_key");
        List<String> ids = given().get("/api/tasks").then().extract().path("tasks.id");
        assertThat(ids).hasSize(1);
    }
}
