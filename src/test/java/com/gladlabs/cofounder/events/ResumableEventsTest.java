package com.gladlabs.cofounder.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import java.net.URI;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.TasksTable;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;

/**
 * Event streams resume: a client that reconnects with the id of the last event it saw receives
 * every change committed after it (API writes and plain SQL alike), none twice, in order, then live
 * events; filters apply to the replay; a transaction that commits after a later-positioned one is
 * delivered, after it; positions that the feed does not hold get a reset; malformed ids are 400.
 */
@QuarkusTest
class ResumableEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/api/tasks/events")
    URI events;

    @TestHTTPResource("/api/ws/tasks")
    URI socket;

    final TasksTable table = TasksTable.get();
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

    private SseClient subscribe(String query, String lastEventId) throws InterruptedException {
        SseClient client = SseClient.open(http, URI.create(events + query), lastEventId);
        clients.add(client);
        return client.awaitSubscribed();
    }

    private static String create(String title) {
        return given().contentType(ContentType.JSON).body("{\"title\":\"" + title + "\"}").post("/api/tasks").then()
                .statusCode(201).extract().path("id");
    }

    private static void patch(String id, String body) {
        given().contentType("application/merge-patch+json").body(body).patch("/api/tasks/" + id).then().statusCode(200);
    }

    /** "event id version": what a change is, independent of its position. */
    private static String describe(String data) {
        JsonObject event = new JsonObject(data);
        return event.getString("event") + " " + event.getString("id") + " " + event.getLong("version");
    }

    /**
     * Makes six changes to three tasks, alternating between the API and plain SQL on another
     * connection; returns them as {@link #describe} gives them, in commit order.
     */
    private List<String> sixInterleavedChanges(String a) {
        String b = create("b");
        patch(a, "{\"progress\": 10}");
        table.execute("UPDATE tasks SET status = 'failed', version = version + 1, updated_at = now() WHERE id = $1::uuid", b);
        String c = UUID.randomUUID().toString();
        table.execute("INSERT INTO tasks (id, title) VALUES ($1::uuid, 'c')", c);
        patch(a, "{\"progress\": 20}");
        table.execute("DELETE FROM tasks WHERE id = $1::uuid", b);
        return List.of("task.created " + b + " 0", "task.updated " + a + " 1", "task.updated " + b + " 1",
                "task.created " + c + " 0", "task.updated " + a + " 2", "task.deleted " + b + " 1");
    }

    private static void assertNothingMore(SseClient client) throws InterruptedException {
        SseClient.Event extra = client.events.poll(700, TimeUnit.MILLISECONDS);
        assertThat(extra).as("no event twice, nothing unasked").isNull();
    }

    @Test
    void reconnectingWithLastEventIdReplaysExactlyTheMissedChangesThenLiveOnes() throws InterruptedException {
        SseClient first = subscribe("", null);
        String a = create("a");
        SseClient.Event seen = first.next(WAIT);
        assertThat(describe(seen.data())).isEqualTo("task.created " + a + " 0");
        first.close();

        List<String> missed = sixInterleavedChanges(a);

        SseClient second = subscribe("", seen.id());
        List<String> replayed = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        for (int i = 0; i < missed.size(); i++) {
            SseClient.Event event = second.next(WAIT);
            replayed.add(describe(event.data()));
            positions.add(event.position());
            assertThat(event.name()).isEqualTo(new JsonObject(event.data()).getString("event"));
        }
        assertThat(replayed).isEqualTo(missed);
        long from = seen.position();
        assertThat(positions).containsExactly(from + 1, from + 2, from + 3, from + 4, from + 5, from + 6);

        patch(a, "{\"progress\": 30}");
        SseClient.Event live = second.next(WAIT);
        assertThat(describe(live.data())).isEqualTo("task.updated " + a + " 3");
        assertThat(live.position()).isEqualTo(from + 7);
        assertNothingMore(second);
    }

    @Test
    void filtersApplyToTheReplay() throws InterruptedException {
        SseClient first = subscribe("", null);
        String a = create("a");
        SseClient.Event seen = first.next(WAIT);
        first.close();
        List<String> missed = sixInterleavedChanges(a);

        SseClient onlyA = subscribe("?task_id=" + a, seen.id());
        SseClient onlyFailed = subscribe("?status=failed", seen.id());
        assertThat(describe(onlyA.next(WAIT).data())).isEqualTo(missed.get(1));
        assertThat(describe(onlyA.next(WAIT).data())).isEqualTo(missed.get(4));
        assertThat(describe(onlyFailed.next(WAIT).data())).isEqualTo(missed.get(2));
        assertThat(describe(onlyFailed.next(WAIT).data())).isEqualTo(missed.get(5)); // deleted while failed
        assertNothingMore(onlyA);
        assertNothingMore(onlyFailed);
    }

    @Test
    void theLastEventIdQueryParameterResumesAndTheHeaderWinsOverIt() throws InterruptedException {
        SseClient first = subscribe("", null);
        String a = create("a");
        SseClient.Event created = first.next(WAIT);
        patch(a, "{\"progress\": 5}");
        SseClient.Event updated = first.next(WAIT);
        first.close();

        SseClient byParameter = subscribe("?last_event_id=" + created.id(), null);
        assertThat(byParameter.next(WAIT).id()).isEqualTo(updated.id());
        // As a browser reconnecting: the URL it first used, and the newer header.
        SseClient byHeader = subscribe("?last_event_id=" + created.id(), updated.id());
        assertNothingMore(byHeader);
        assertNothingMore(byParameter);
    }

    @Test
    void aStreamTellsItsPositionBeforeItsFirstEventSoThatNothingIsLostOnAnEarlyDisconnect()
            throws InterruptedException {
        SseClient observer = subscribe("", null);
        String a = create("before the stream");
        SseClient.Event created = observer.next(WAIT); // published: the next stream starts after it
        SseClient first = subscribe("", null);
        String position = first.lastEventId();
        assertThat(position).as("an id: line with the subscription comment").isNotNull();
        assertThat(Long.parseLong(position)).isEqualTo(created.position());
        first.close();

        patch(a, "{\"progress\": 40}");
        SseClient second = subscribe("", position);
        SseClient.Event event = second.next(WAIT);
        assertThat(describe(event.data())).isEqualTo("task.updated " + a + " 1");
        assertThat(event.position()).isEqualTo(created.position() + 1);
    }

    @Test
    void aTransactionThatCommitsAfterALaterPositionedOneIsStillDeliveredAfterIt() throws Exception {
        SseClient client = subscribe("", null);
        String early = create("writes first, commits last");
        SseClient.Event start = client.next(WAIT);
        SseClient.Event late;
        SseClient.Event committedFirst;
        String later;
        try (Connection connection = table.connection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE tasks SET progress = 50, version = version + 1, updated_at = now() WHERE id = ?::uuid")) {
                update.setString(1, early);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
            // Written after the open transaction's change, committed before it.
            later = create("writes last, commits first");
            committedFirst = client.next(WAIT);
            assertThat(describe(committedFirst.data())).isEqualTo("task.created " + later + " 0");
            assertThat(client.events.poll(500, TimeUnit.MILLISECONDS)).as("nothing uncommitted").isNull();
            connection.commit();
        }
        late = client.next(WAIT);
        assertThat(describe(late.data())).isEqualTo("task.updated " + early + " 1");
        assertThat(late.position()).isGreaterThan(committedFirst.position());

        // A replay gives the same order: the order of commits.
        SseClient replay = subscribe("", start.id());
        assertThat(replay.next(WAIT).id()).isEqualTo(committedFirst.id());
        assertThat(replay.next(WAIT).id()).isEqualTo(late.id());
        assertNothingMore(replay);
    }

    @Test
    void aPositionAheadOfTheFeedGetsAResetAndTheStreamGoesOnFromTheHead() throws InterruptedException {
        SseClient client = subscribe("", "999999999999");
        SseClient.Event reset = client.next(WAIT);
        assertThat(reset.name()).isEqualTo("reset");
        JsonObject data = new JsonObject(reset.data());
        assertThat(data.getString("event")).isEqualTo("reset");
        assertThat(data.getLong("position")).isEqualTo(reset.position());
        assertThat(data.getString("reason")).contains("ahead");

        String id = create("after the reset");
        SseClient.Event next = client.next(WAIT);
        assertThat(describe(next.data())).isEqualTo("task.created " + id + " 0");
        assertThat(next.position()).isEqualTo(reset.position() + 1);
    }

    @Test
    void aMalformedLastEventIdIsA400NamingIt() {
        for (String bad : List.of("abc", "-1", "1.5", "12 34", "0x10", "9999999999999999999", "+5")) {
            given().accept("text/event-stream").header("Last-Event-ID", bad).get("/api/tasks/events").then()
                    .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("Last-Event-ID"));
        }
        given().accept("text/event-stream").get("/api/tasks/events?last_event_id=x").then().statusCode(400)
                .body("errors.field", hasItem("last_event_id"));
        given().accept("text/event-stream").get("/api/tasks/events?last_event_id=").then().statusCode(400)
                .body("errors.field", hasItem("last_event_id"));
        given().accept("text/event-stream").header("Last-Event-ID", "x").get("/api/tasks/events?status=done").then()
                .statusCode(400).body("errors.field", hasItems("status", "Last-Event-ID"));
    }

    @Test
    void aWebSocketSubscribeWithResumeFromReplaysWithPositionsThenGoesLive() throws InterruptedException {
        SseClient first = subscribe("", null);
        String a = create("a");
        SseClient.Event seen = first.next(WAIT);
        first.close();
        List<String> missed = sixInterleavedChanges(a);

        WsClient messages = WsClient.open(http, socket);
        messages.send("{\"subscribe\": {\"resume_from\": " + seen.id() + ", \"task_id\": [\"" + a + "\"]}}");
        JsonObject ack = messages.next();
        // Events may have come before the subscribe was read; the new stream starts at the acknowledgement.
        while (!ack.containsKey("subscribed")) {
            ack = messages.next();
        }
        assertThat(ack.getJsonObject("subscribed").getLong("position")).isEqualTo(seen.position());
        JsonObject one = messages.next();
        JsonObject two = messages.next();
        assertThat(describe(one.encode())).isEqualTo(missed.get(1));
        assertThat(describe(two.encode())).isEqualTo(missed.get(4));
        assertThat(one.getLong("position")).isEqualTo(seen.position() + 2);
        assertThat(two.getLong("position")).isEqualTo(seen.position() + 5);

        patch(a, "{\"progress\": 60}");
        JsonObject live = messages.next();
        assertThat(describe(live.encode())).isEqualTo("task.updated " + a + " 3");
        assertThat(live.getLong("position")).isEqualTo(seen.position() + 7);
        assertThat(messages.received.poll(700, TimeUnit.MILLISECONDS)).isNull();

        messages.send("{\"subscribe\": {\"resume_from\": 999999999999}}");
        assertThat(messages.next().containsKey("subscribed")).isTrue();
        JsonObject reset = messages.next();
        assertThat(reset.getString("event")).isEqualTo("reset");
        assertThat(reset.getLong("position")).isEqualTo(seen.position() + 7);

        messages.send("{\"subscribe\": {\"resume_from\": \"7\"}}");
        JsonObject invalid = messages.next();
        assertThat(invalid.getString("error")).isEqualTo("invalid subscribe");
        assertThat(invalid.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("resume_from");
        messages.send("{\"subscribe\": {\"resume_from\": -1}}");
        assertThat(messages.next().getString("error")).isEqualTo("invalid subscribe");
        messages.send("{\"subscribe\": {\"resume_from\": 1.5}}");
        assertThat(messages.next().getString("error")).isEqualTo("invalid subscribe");
        messages.close();
    }
}
