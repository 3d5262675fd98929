package com.gladlabs.cofounder.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.TasksTable;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;

@QuarkusTest
class TaskEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/api/tasks/events")
    URI events;

    @TestHTTPResource("/api/ws/tasks")
    URI socket;

    final TasksTable table = TasksTable.get();

    @Inject
    TaskEventHub hub;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<SseClient> clients = new ArrayList<>();

    @BeforeEach
    void empty() {
        table.clear();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(SseClient::close);
    }

    private SseClient subscribe(String query) throws InterruptedException {
        SseClient client = SseClient.open(http, URI.create(events + query));
        clients.add(client);
        return client.awaitSubscribed();
    }

    private static String create(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/tasks").then().statusCode(201)
                .extract().path("id");
    }

    @Test
    void createdUpdatedAndDeletedArriveInOrderWithIncreasingIds() throws InterruptedException {
        SseClient client = subscribe("");
        String id = create("{\"title\":\"watched\"}");
        given().contentType("application/merge-patch+json").body("{\"status\":\"in_progress\",\"progress\":30}")
                .patch("/api/tasks/" + id).then().statusCode(200);
        given().delete("/api/tasks/" + id).then().statusCode(204);

        SseClient.Event created = client.next(WAIT);
        SseClient.Event updated = client.next(WAIT);
        SseClient.Event deleted = client.next(WAIT);
        assertThat(List.of(created.name(), updated.name(), deleted.name()))
                .containsExactly("task.created", "task.updated", "task.deleted");
        // Positions in the change feed: consecutive, since nothing else changed tasks meanwhile.
        assertThat(List.of(updated.position() - created.position(), deleted.position() - updated.position()))
                .containsExactly(1L, 1L);
        JsonObject data = new JsonObject(updated.data());
        assertThat(data.fieldNames()).containsExactlyInAnyOrder("event", "id", "status", "approval_status", "progress",
                "version", "type", "updated_at");
        assertThat(data.getString("id")).isEqualTo(id);
        assertThat(data.getString("status")).isEqualTo("in_progress");
        assertThat(data.getInteger("progress")).isEqualTo(30);
        assertThat(data.getLong("version")).isEqualTo(1);
        assertThat(data.getString("type")).isEqualTo("general");
        assertThat(data.getString("updated_at")).endsWith("Z");
        assertThat(new JsonObject(created.data()).getLong("version")).isZero();
    }

    @Test
    void changesMadeByPlainSqlOnAnotherConnectionAreDelivered() throws InterruptedException {
        SseClient client = subscribe("");
        table.execute("INSERT INTO tasks (id, title) VALUES (gen_random_uuid(), 'from another replica')");
        table.execute("UPDATE tasks SET status = 'failed', version = version + 1");
        assertThat(client.next(WAIT).name()).isEqualTo("task.created");
        SseClient.Event updated = client.next(WAIT);
        assertThat(updated.name()).isEqualTo("task.updated");
        assertThat(new JsonObject(updated.data()).getString("status")).isEqualTo("failed");
    }

    @Test
    void filtersNarrowTheStream() throws InterruptedException {
        SseClient all = subscribe("");
        String watched = create("{\"title\":\"watched\"}");
        // Published before the filtered streams open: a new stream starts at the replica's position.
        assertThat(new JsonObject(all.next(WAIT).data()).getString("id")).isEqualTo(watched);
        SseClient byStatus = subscribe("?status=completed,failed");
        SseClient byType = subscribe("?type=email");
        SseClient byId = subscribe("?task_id=" + watched);

        String other = create("{\"title\":\"other\",\"type\":\"email\"}");
        given().contentType("application/merge-patch+json").body("{\"status\":\"failed\"}").patch("/api/tasks/" + watched)
                .then().statusCode(200);

        SseClient.Event email = byType.next(WAIT);
        assertThat(new JsonObject(email.data()).getString("id")).isEqualTo(other);
        SseClient.Event failed = byStatus.next(WAIT);
        assertThat(new JsonObject(failed.data()).getString("id")).isEqualTo(watched);
        SseClient.Event mine = byId.next(WAIT);
        assertThat(new JsonObject(mine.data()).getString("id")).isEqualTo(watched);
        assertThat(new JsonObject(mine.data()).getString("status")).isEqualTo("failed");

        Thread.sleep(300);
        assertThat(byStatus.events).isEmpty();
        assertThat(byType.events).isEmpty();
        assertThat(byId.events).isEmpty();
    }

    @Test
    void badFiltersAre400NamingThem() {
        given().accept("text/event-stream").get("/api/tasks/events?status=done").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("status"));
        given().accept("text/event-stream").get("/api/tasks/events?type=poem").then().statusCode(400)
                .body("errors.field", hasItem("type"));
        given().accept("text/event-stream").get("/api/tasks/events?task_id=nope").then().statusCode(400)
                .body("errors.field", hasItem("task_id"));
        given().accept("text/event-stream").get("/api/tasks/events?colour=red").then().statusCode(400)
                .body("errors.field", hasItem("colour"));
    }

    @Test
    void fiveHundredConcurrentSubscribersAllReceiveTheEvent() throws InterruptedException {
        List<SseClient> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            SseClient client = SseClient.open(http, events);
            clients.add(client);
            many.add(client);
        }
        for (SseClient client : many) {
            client.awaitSubscribed();
        }
        String id = create("{\"title\":\"broadcast\"}");
        for (SseClient client : many) {
            SseClient.Event event = client.next(Duration.ofSeconds(30));
            assertThat(event.name()).isEqualTo("task.created");
            assertThat(new JsonObject(event.data()).getString("id")).isEqualTo(id);
        }
    }

    @Test
    void webSocketDeliversEventsAndHonoursSubscribe() throws InterruptedException {
        WsClient messages = WsClient.open(http, socket);
        waitForSubscribers(1);

        String id = create("{\"title\":\"over websocket\"}");
        JsonObject created = messages.next();
        assertThat(created.getString("event")).isEqualTo("task.created");
        assertThat(created.getString("id")).isEqualTo(id);

        messages.send("{\"subscribe\": {\"status\": [\"failed\"]}}");
        JsonObject ack = messages.next();
        assertThat(ack.getJsonObject("subscribed").getJsonArray("status").getList()).containsExactly("failed");

        given().contentType("application/merge-patch+json").body("{\"status\":\"in_progress\"}").patch("/api/tasks/" + id)
                .then().statusCode(200);
        given().contentType("application/merge-patch+json").body("{\"status\":\"failed\"}").patch("/api/tasks/" + id)
                .then().statusCode(200);
        JsonObject failed = messages.next();
        assertThat(failed.getString("status")).isEqualTo("failed");
        assertThat(failed.getLong("version")).isEqualTo(2);
        messages.close();
    }

    @Test
    void webSocketAnswersUnknownMessagesWithAnErrorAndStaysOpen() throws InterruptedException {
        WsClient messages = WsClient.open(http, socket);
        waitForSubscribers(1);

        messages.send("hello");
        assertThat(messages.next().getString("error")).isNotBlank();
        messages.send("{\"unsubscribe\": {}}");
        assertThat(messages.next().getString("error")).contains("unknown message");
        messages.send("{\"subscribe\": {\"status\": [\"done\"], \"colour\": [\"red\"], \"type\": \"email\"}}");
        JsonObject invalid = messages.next();
        assertThat(invalid.getString("error")).isEqualTo("invalid subscribe");
        assertThat(invalid.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")).toList())
                .contains("status", "colour", "type");

        String id = create("{\"title\":\"still open\"}");
        assertThat(messages.next().getString("id")).isEqualTo(id);
        assertThat(messages.closed).isEmpty();
        messages.close();
    }

    private void waitForSubscribers(int atLeast) {
        Awaitility.await("a registered subscriber").atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(hub::subscribers, n -> n >= atLeast);
    }
}
