package com.gladlabs.cofounder.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.RequestCounts;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every answer is counted under the URI template of the operation it was for, never under its raw
 * path: the read route's answers, and the answers given before any resource was reached (a body over
 * the limit, a task that does not exist), whose template {@link UriTemplates#matchIfMissing} matches
 * only for them. A raw path in the {@code uri} tag would make one time series per task id.
 */
@QuarkusTest
class UriTemplatesTest {

    @TestHTTPResource("/")
    URI root;

    /** The JDK's client: a 413 and unknown ids are probes of the metrics, not of the API's contract. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void answersGivenOutsideAResourceAreCountedUnderTheirOperationsTemplate() throws Exception {
        String missing = UUID.randomUUID().toString();
        double before404 = count("GET", "404", "/api/tasks/{id}");
        double before413 = count("POST", "413", "/api/tasks");
        double before413Patch = count("PATCH", "413", "/api/tasks/{id}");

        // By the read route (its own template), and by the body size limit before any resource (matched).
        assertThat(send(HttpRequest.newBuilder(root.resolve("api/tasks/" + missing)).GET())).isEqualTo(404);
        byte[] tooLarge = new byte[2 * 1024 * 1024];
        assertThat(send(HttpRequest.newBuilder(root.resolve("api/tasks")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(tooLarge)))).isEqualTo(413);
        assertThat(send(HttpRequest.newBuilder(root.resolve("api/tasks/" + missing))
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(tooLarge)))).isEqualTo(413);

        assertThat(count("GET", "404", "/api/tasks/{id}")).isEqualTo(before404 + 1);
        assertThat(count("POST", "413", "/api/tasks")).isEqualTo(before413 + 1);
        assertThat(count("PATCH", "413", "/api/tasks/{id}")).isEqualTo(before413Patch + 1);
        assertThat(metrics()).as("no series carries a task id").doesNotContain(missing);
    }

    private int send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String metrics() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(root.resolve("q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private double count(String method, String status, String uri) throws Exception {
        return RequestCounts.of(metrics(), method, status, uri);
    }
}
