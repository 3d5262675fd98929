package com.gladlabs.cofounder.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.gladlabs.cofounder.PackagedApp;

/**
 * The packaged application (jar or native executable) prepares its OpenAPI document at the first
 * request for it, not while it starts ({@code io.quarkus.smallrye.openapi.runtime.DeferredOpenApiDocumentService}),
 * once, and serves the document the build stored, also to callers that all come first at once.
 */
class DeferredOpenApiDocumentIT {

    private static final String PREPARED = "OpenAPI document <default> prepared at its first request";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private PackagedApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theDocumentIsPreparedAtItsFirstRequestOnceAndIsTheOneTheBuildStored() throws Exception {
        app = PackagedApp.start("deferred-openapi-it.log",
                Map.of("quarkus.log.category.\"io.quarkus.smallrye.openapi.runtime\".level", "DEBUG"));
        JsonNode built = new ObjectMapper().readTree(Files.readString(Path.of("target/openapi/openapi.json")));
        assertThat(Files.readString(app.log())).as("the log when ready").doesNotContain(PREPARED);

        // eight first callers at once, half of them asking for YAML: each waits for the one preparation
        List<CompletableFuture<HttpResponse<String>>> first = IntStream.range(0, 8)
                .mapToObj(i -> http.sendAsync(HttpRequest.newBuilder(app.uri(i % 2 == 0 ? "/q/openapi?format=json" : "/q/openapi"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()))
                .toList();
        for (int i = 0; i < first.size(); i++) {
            HttpResponse<String> response = first.get(i).join();
            assertThat(response.statusCode()).as("caller %d", i).isEqualTo(200);
            JsonNode served = i % 2 == 0 ? new ObjectMapper().readTree(response.body()) : new YAMLMapper().readTree(response.body());
            assertThat(served).as("caller %d", i).isEqualTo(built);
        }
        HttpResponse<String> later = http.send(HttpRequest.newBuilder(app.uri("/q/openapi?format=json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(new ObjectMapper().readTree(later.body())).isEqualTo(built);

        String log = Files.readString(app.log());
        assertThat(log.split(java.util.regex.Pattern.quote(PREPARED), -1)).as("preparations in the log").hasSize(2);
    }
}
