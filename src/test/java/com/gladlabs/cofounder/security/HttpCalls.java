package com.gladlabs.cofounder.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.gladlabs.cofounder.contract.ContractGuard;

/** Plain HTTP calls with full control of method, headers and body; streaming answers are cut after the headers. */
final class HttpCalls {

    record Answer(int status, String contentType, String wwwAuthenticate, String body, HttpResponse<?> raw) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    HttpCalls(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    Answer send(String method, String path, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            String text;
            try (InputStream in = response.body()) {
                // An event stream never ends: its headers and its first block (the subscribed comment) are the answer.
                text = contentType.startsWith("text/event-stream") ? firstBlock(in) : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            ContractGuard.check(response, body, text);
            return new Answer(response.statusCode(), contentType,
                    response.headers().firstValue("WWW-Authenticate").orElse(null), text, response);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The stream up to its first blank line. */
    private static String firstBlock(InputStream in) throws IOException {
        StringBuilder block = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            block.append((char) c);
            if (block.length() >= 2 && block.charAt(block.length() - 1) == '\n' && block.charAt(block.length() - 2) == '\n') {
                break;
            }
        }
        return block.toString();
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }
}
