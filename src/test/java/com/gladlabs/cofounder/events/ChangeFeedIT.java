package com.gladlabs.cofounder.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.PackagedApp;
import com.gladlabs.cofounder.TasksTable;
import com.gladlabs.cofounder.Tokens;

import io.vertx.core.json.JsonObject;

/**
 * Two instances of the packaged service on one database, as two replicas: both stream the same
 * changes (made through either API or by plain SQL) with the same ids in the same order, and a
 * client that loses its connection to one resumes on the other with Last-Event-ID and receives
 * exactly what it missed.
 */
class ChangeFeedIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    /** A write that takes longer is stuck: it fails the test rather than holding CI. */
    private static final Duration ANSWER = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void twoReplicasStreamTheSameIdsAndAClientResumesOnTheOtherWithExactlyWhatItMissed() throws Exception {
        try (PackagedApp one = PackagedApp.start("change-feed-one-it.log", Map.of());
                PackagedApp two = PackagedApp.start("change-feed-two-it.log", Map.of())) {
            TasksTable table = TasksTable.get();
            table.clear();
            SseClient onOne = open(one, null);
            SseClient onTwo = open(two, null);

            List<String> made = new ArrayList<>();
            String a = create(one, "a");
            made.add("task.created " + a + " 0");
            String b = create(two, "b");
            made.add("task.created " + b + " 0");
            patch(one, b, "{\"progress\": 10}");
            made.add("task.updated " + b + " 1");
            table.execute("UPDATE tasks SET status = 'in_progress', version = version + 1, updated_at = now() WHERE id = $1::uuid", a);
            made.add("task.updated " + a + " 1");
            patch(two, a, "{\"progress\": 20}");
            made.add("task.updated " + a + " 2");
            String c = UUID.randomUUID().toString();
            table.execute("INSERT INTO tasks (id, title) VALUES ($1::uuid, 'c')", c);
            made.add("task.created " + c + " 0");
            delete(two, c);
            made.add("task.deleted " + c + " 0");

            List<SseClient.Event> fromOne = take(onOne, made.size());
            List<SseClient.Event> fromTwo = take(onTwo, made.size());
            assertThat(fromOne.stream().map(e -> describe(e.data())).toList()).isEqualTo(made);
            assertThat(fromTwo).as("the same events, ids and payloads on both replicas").isEqualTo(fromOne);
            for (int i = 1; i < fromOne.size(); i++) {
                assertThat(fromOne.get(i).position()).isEqualTo(fromOne.get(i - 1).position() + 1);
            }

            // The client on the first replica loses its connection; changes go on meanwhile.
            String last = onOne.lastEventId();
            assertThat(last).isEqualTo(fromOne.get(fromOne.size() - 1).id());
            onOne.close();
            List<String> missed = new ArrayList<>();
            patch(two, a, "{\"progress\": 30}");
            missed.add("task.updated " + a + " 3");
            table.execute("UPDATE tasks SET status = 'failed', version = version + 1, updated_at = now() WHERE id = $1::uuid", b);
            missed.add("task.updated " + b + " 2");
            String d = create(one, "d");
            missed.add("task.created " + d + " 0");
            patch(one, d, "{\"progress\": 40}");
            missed.add("task.updated " + d + " 1");

            SseClient resumed = open(two, last);
            List<SseClient.Event> replayed = take(resumed, missed.size());
            assertThat(replayed.stream().map(e -> describe(e.data())).toList()).isEqualTo(missed);
            assertThat(replayed.get(0).position()).isEqualTo(Long.parseLong(last) + 1);
            assertThat(take(onTwo, missed.size())).as("what the replica's live client saw").isEqualTo(replayed);

            String e = create(one, "live again");
            SseClient.Event live = resumed.next(WAIT);
            assertThat(describe(live.data())).isEqualTo("task.created " + e + " 0");
            assertThat(live.position()).isEqualTo(replayed.get(replayed.size() - 1).position() + 1);
            assertThat(resumed.events.poll(700, TimeUnit.MILLISECONDS)).as("nothing twice").isNull();
            onTwo.close();
            resumed.close();
        }
    }

    private SseClient open(PackagedApp app, String lastEventId) throws InterruptedException {
        return SseClient.open(http, Tokens.authorized(app.uri("/api/tasks/events")), lastEventId).awaitSubscribed();
    }

    private static List<SseClient.Event> take(SseClient client, int count) throws InterruptedException {
        List<SseClient.Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(client.next(WAIT));
        }
        return events;
    }

    private static String describe(String data) {
        JsonObject event = new JsonObject(data);
        return event.getString("event") + " " + event.getString("id") + " " + event.getLong("version");
    }

    private String create(PackagedApp app, String title) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(Tokens.authorized(app.uri("/api/tasks")).timeout(ANSWER)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"" + title + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return new JsonObject(response.body()).getString("id");
    }

    private void patch(PackagedApp app, String id, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(Tokens.authorized(app.uri("/api/tasks/" + id)).timeout(ANSWER)
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private void delete(PackagedApp app, String id) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(Tokens.authorized(app.uri("/api/tasks/" + id)).timeout(ANSWER).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }
}
