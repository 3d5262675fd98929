package com.gladlabs.cofounder.task;

import static com.gladlabs.cofounder.task.TaskApi.create;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.gladlabs.cofounder.TasksTable;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class TaskReadDeleteTest {

    final TasksTable table = TasksTable.get();

    @BeforeEach
    void empty() {
        table.clear();
    }

    @Test
    void getAnswersTheTaskWithItsETag() {
        String id = create("{\"title\":\"read me\"}");
        given().get("/api/tasks/" + id).then().statusCode(200).contentType(ContentType.JSON)
                .header("ETag", "\"0\"").body("id", equalTo(id)).body("title", equalTo("read me"));
    }

    @Test
    void getWithTheCurrentETagInIfNoneMatchAnswers304() {
        String id = create();
        given().header("If-None-Match", "\"0\"").get("/api/tasks/" + id).then().statusCode(304).header("ETag", "\"0\"");
        given().header("If-None-Match", "\"7\"").get("/api/tasks/" + id).then().statusCode(200);
    }

    @Test
    void unknownIdIs404Problem() {
        String missing = UUID.randomUUID().toString();
        given().get("/api/tasks/" + missing).then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("detail", containsString(missing))
                .body("instance", equalTo("/api/tasks/" + missing));
    }

    @ParameterizedTest
    @ValueSource(strings = { "123", "not-a-uuid", "1-1-1-1-1", "0bac4b4b-a805-4172-884e-67dead814db9x",
            "%27%20OR%201%3D1", "..%2F..%2Fetc%2Fpasswd" })
    void nonUuidIdIs400NamingTheId(String id) {
        given().urlEncodingEnabled(false).get("/api/tasks/" + id).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("id"));
        given().urlEncodingEnabled(false).delete("/api/tasks/" + id).then().statusCode(400);
        given().urlEncodingEnabled(false).contentType(TaskApi.MERGE_PATCH).body("{}").patch("/api/tasks/" + id)
                .then().statusCode(400);
    }

    @Test
    void deleteAnswers204AndTheTaskIsGone() {
        String id = create();
        String other = create();
        given().delete("/api/tasks/" + id).then().statusCode(204);
        given().get("/api/tasks/" + id).then().statusCode(404);
        given().delete("/api/tasks/" + id).then().statusCode(404).contentType("application/problem+json");
        assertThat(table.count()).isEqualTo(1);
        assertThat(table.row("SELECT id::text AS id FROM tasks").getString("id")).isEqualTo(other);
    }

    @Test
    void deleteWithStaleIfMatchIs412AndKeepsTheTask() {
        String id = create();
        TaskApi.patch(id, "{\"title\":\"changed\"}").statusCode(200);
        given().header("If-Match", "\"0\"").delete("/api/tasks/" + id).then().statusCode(412)
                .contentType("application/problem+json");
        assertThat(table.count()).isEqualTo(1);
        given().header("If-Match", "\"1\"").delete("/api/tasks/" + id).then().statusCode(204);
        assertThat(table.count()).isZero();
    }

    @Test
    void deleteIfMatchHoldsWhenAnyStrongTagIsTheCurrentVersion() {
        String id = create();
        TaskApi.patch(id, "{\"title\":\"changed\"}").statusCode(200);
        // A weak tag never matches (strong comparison); the problem names the version that is current.
        given().header("If-Match", "W/\"1\"").delete("/api/tasks/" + id).then().statusCode(412)
                .contentType("application/problem+json").body("detail", containsString("\"1\""));
        assertThat(table.count()).isEqualTo(1);
        given().header("If-Match", "\"0\", \"1\"").delete("/api/tasks/" + id).then().statusCode(204);
        assertThat(table.count()).isZero();
    }

    @Test
    void deleteOfAnUnknownTaskIs404WhateverTheIfMatch() {
        create();
        String unknown = UUID.randomUUID().toString();
        given().header("If-Match", "\"0\"").delete("/api/tasks/" + unknown).then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString(unknown));
        given().header("If-Match", "*").delete("/api/tasks/" + unknown).then().statusCode(404);
        assertThat(table.count()).isEqualTo(1);
    }

    @Test
    void unknownPathAndWrongMethodAreProblems() {
        given().get("/api/nothing-here").then().statusCode(404).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{}").put("/api/tasks").then().statusCode(405)
                .contentType("application/problem+json").body("status", equalTo(405));
        String id = create();
        given().contentType(ContentType.JSON).body("{\"title\":\"x\"}").post("/api/tasks/" + id).then()
                .statusCode(405).contentType("application/problem+json");
        assertThat(table.count()).isEqualTo(1);
    }

    @Test
    void unacceptableAcceptIs406Problem() {
        String id = create();
        given().accept("application/xml").get("/api/tasks/" + id).then().statusCode(406);
    }
}
