package com.gladlabs.cofounder.task;

import static com.gladlabs.cofounder.task.TaskApi.create;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.TasksTable;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/**
 * Reads by id answered by {@link TaskReadRoute} are the resource's answers: the same status, body,
 * ETag and content type, for a task, a current ETag, a changed task and an unknown id; what the route
 * does not recognise reaches the resource.
 */
@QuarkusTest
class TaskReadRouteTest {

    /** Sent to make the route pass the read on: RESTEasy negotiates it to JSON. */
    static final String NEGOTIATED = "application/json, text/plain;q=0.5";

    final TasksTable table = TasksTable.get();

    @Inject
    PassedOnReads passedOn;

    @BeforeEach
    void empty() {
        table.clear();
    }

    @Test
    void aTaskIsAnsweredByTheRouteAsTheResourceAnswersIt() {
        String id = create("{\"title\":\"fast\",\"priority\":\"high\",\"tags\":[\"a\",\"b\"],\"metadata\":{\"k\":[1,2]}}");
        sameAnswer(given(), "/api/tasks/" + id, 200);
        TaskApi.patch(id, "{\"title\":\"changed\",\"description\":\"\\u00fc \\u20ac\"}").statusCode(200);
        Response changed = sameAnswer(given(), "/api/tasks/" + id, 200);
        assertThat(changed.header("ETag")).isEqualTo("\"1\"");
        assertThat(changed.jsonPath().getString("description")).isEqualTo("ü €");
    }

    @Test
    void aCurrentETagIs304AndAnOldOneTheTask() {
        String id = create();
        TaskApi.patch(id, "{\"title\":\"v1\"}").statusCode(200);
        sameAnswer(given().header("If-None-Match", "\"1\""), "/api/tasks/" + id, 304);
        sameAnswer(given().header("If-None-Match", "\"0\", W/\"1\""), "/api/tasks/" + id, 304);
        sameAnswer(given().header("If-None-Match", "*"), "/api/tasks/" + id, 304);
        sameAnswer(given().header("If-None-Match", "\"0\""), "/api/tasks/" + id, 200);
    }

    @Test
    void anUnknownOrDeletedTaskIsTheSame404Problem() {
        sameAnswer(given(), "/api/tasks/" + UUID.randomUUID(), 404);
        String id = create();
        given().delete("/api/tasks/" + id).then().statusCode(204);
        sameAnswer(given(), "/api/tasks/" + id, 404);
    }

    @Test
    void whatTheRouteDoesNotRecogniseReachesTheResource() {
        String id = create();
        int before = passedOn.count();
        given().get("/api/tasks/" + id).then().statusCode(200);
        given().header("Accept", "*/*").get("/api/tasks/" + id).then().statusCode(200);
        given().header("Accept", "application/json").get("/api/tasks/" + id).then().statusCode(200);
        assertThat(passedOn.count()).as("plain reads answered by the route").isEqualTo(before);

        given().header("Accept", "text/plain").get("/api/tasks/" + id).then().statusCode(406)
                .contentType("application/problem+json");
        given().get("/api/tasks/not-a-uuid").then().statusCode(400).contentType("application/problem+json");
        given().header("Accept", NEGOTIATED).get("/api/tasks/" + id).then().statusCode(200);
        assertThat(passedOn.count()).as("reads passed on to the resource").isEqualTo(before + 3);
        given().head("/api/tasks/" + id).then().statusCode(200).header("ETag", "\"0\"");
    }

    @Test
    void acceptThatPlainlyAdmitsJsonIsTheOnlyOneTheRouteTakes() {
        assertThat(TaskReadRoute.admitsJson(null)).isTrue();
        assertThat(TaskReadRoute.admitsJson("*/*")).isTrue();
        assertThat(TaskReadRoute.admitsJson(" application/json ")).isTrue();
        assertThat(TaskReadRoute.admitsJson("application/*")).isTrue();
        assertThat(TaskReadRoute.admitsJson("application/json;q=0")).isFalse();
        assertThat(TaskReadRoute.admitsJson("text/html, application/json")).isFalse();
        assertThat(TaskReadRoute.admitsJson("text/plain")).isFalse();
    }

    /** The route's answer (no Accept) and the resource's (a negotiated Accept) agree; the route's is returned. */
    private Response sameAnswer(RequestSpecification request, String path, int status) {
        int before = passedOn.count();
        Response fast = request.get(path);
        assertThat(passedOn.count()).as("answered by the route").isEqualTo(before);
        Response resource = request.header("Accept", NEGOTIATED).get(path);
        assertThat(passedOn.count()).as("answered by the resource").isEqualTo(before + 1);
        assertThat(fast.statusCode()).isEqualTo(status);
        assertThat(resource.statusCode()).isEqualTo(status);
        assertThat(fast.header("ETag")).isEqualTo(resource.header("ETag"));
        assertThat(fast.header("Content-Type")).isEqualTo(resource.header("Content-Type"));
        assertThat(fast.header("Content-Length")).isEqualTo(resource.header("Content-Length"));
        String fastBody = fast.asString();
        String resourceBody = resource.asString();
        if (status == 404) { // each names its own request in nothing but the path: the same problem
            assertThat(fast.jsonPath().getMap("")).isEqualTo(resource.jsonPath().getMap(""));
        } else {
            assertThat(fastBody).isEqualTo(resourceBody);
        }
        return fast;
    }
}
