package com.gladlabs.cofounder.hostile;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.TasksTable;
import com.gladlabs.cofounder.hostile.HostileRequests.Case;
import com.gladlabs.cofounder.hostile.HostileRequests.Expect;
import com.gladlabs.cofounder.contract.ContractGuard;
import com.gladlabs.cofounder.hostile.RawHttp.Response;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * More than 5,000 generated hostile requests across every endpoint ({@link HostileRequests}), each
 * checked for: no 5xx; every rejection a problem+json naming no class, SQL or stack frame; nothing
 * written by a rejected request (every row's full text unchanged); accepted strings stored and
 * returned byte for byte. All failures are collected and reported together.
 */
@QuarkusTest
class HostileInputTest {

    /** What an error body must never show: Java classes and frames, SQL, driver and framework names. */
    private static final Pattern LEAK = Pattern.compile(
            "Exception|\\bat [a-z]+\\.[a-z]|java\\.|javax\\.|jakarta\\.|com\\.gladlabs|io\\.vertx|io\\.quarkus|org\\.hibernate"
                    + "|com\\.fasterxml|\\bSELECT\\b|\\bINSERT INTO\\b|\\bUPDATE tasks\\b|\\bWHERE\\b|SQLSTATE|pg_|Caused by",
            0);

    @TestHTTPResource("/")
    URL base;

    final TasksTable table = TasksTable.get();
    String taskId;
    String contentId;

    @BeforeEach
    void seed() {
        table.clear();
        taskId = given().contentType(ContentType.JSON).body("{\"title\":\"target of hostile patches\"}")
                .post("/api/tasks").then().statusCode(201).extract().path("id");
        contentId = given().contentType(ContentType.JSON).body("{\"task_type\":\"email\",\"topic\":\"hostile approvals\"}")
                .post("/api/content/tasks").then().statusCode(201).extract().path("task_id");
        table.execute("UPDATE tasks SET status = 'completed', approval_status = 'awaiting_approval', slug = 'hostile' "
                + "WHERE id = $1::uuid", contentId);
    }

    @Test
    void thousandsOfHostileRequestsGetNo5xxAndRejectionsAreProblemsThatWriteNothing() throws Exception {
        List<Case> cases = new HostileRequests(taskId, contentId).generate();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(5000);
        RawHttp http = new RawHttp(base.getHost(), base.getPort());

        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        int echoed = 0;
        String fingerprint = fingerprint();
        int parserLevel = 0;
        for (Case generated : cases) {
            Case c = generated;
            if (!requestTarget(c.target())) {
                // Quarkus refuses a target that is not an RFC 3986 URI before routing, with an empty 400.
                c = new Case(c.name(), c.method(), c.target(), c.headers(), c.body(), c.chunked(), Expect.PARSER_REJECTED, c.echo());
                parserLevel++;
            }
            Response response;
            try {
                response = http.exchange(c.method(), RawHttp.request(c.method(), c.target(), c.headers(), c.body(), c.chunked()));
            } catch (Exception e) {
                failures.add(c + ": no answer (" + e + ")");
                fingerprint = fingerprint();
                continue;
            }
            statuses.merge(response.status(), 1, Integer::sum);
            int status = response.status();
            if (c.expect() != Expect.PARSER_REJECTED && !c.chunked()) {
                String differences = contract(c, response);
                if (differences != null) {
                    failures.add(c + ": " + differences);
                }
            }
            if (status >= 500) {
                failures.add(c + ": " + status + " " + response.text());
            }
            if (c.expect() == Expect.REJECTED && status < 400) {
                failures.add(c + ": expected a rejection, got " + status + " " + response.text());
            }
            if (c.expect() == Expect.PARSER_REJECTED && (status < 400 || status >= 500)) {
                failures.add(c + ": expected the HTTP parser's refusal, got " + status);
            }
            if (status >= 400) {
                String problem = c.expect() == Expect.PARSER_REJECTED ? null : problemFault(c, response);
                if (problem != null) {
                    failures.add(c + ": " + problem);
                }
                String after = fingerprint();
                if (!after.equals(fingerprint)) {
                    failures.add(c + ": rejected with " + status + " but the table changed");
                    fingerprint = after;
                }
            } else {
                if (status == 201 && !c.echo().isEmpty()) {
                    String fault = echoFault(c, response);
                    echoed++;
                    if (fault != null) {
                        failures.add(c + ": " + fault);
                    }
                }
                fingerprint = fingerprint();
            }
        }
        System.out.printf("Hostile input: %d requests (%d refused by the HTTP layer as no URI), statuses %s, "
                + "%d accepted strings checked byte for byte%n", cases.size(), parserLevel, statuses, echoed);
        assertThat(failures).as("%d of %d hostile requests were mishandled; the first ones:%n%s", failures.size(),
                cases.size(), String.join("\n", failures.subList(0, Math.min(80, failures.size())))).isEmpty();
        assertThat(echoed).as("accepted strings were checked").isGreaterThan(100);
        assertThat(statuses.keySet()).as("the suite produced both acceptances and rejections").anyMatch(s -> s < 300)
                .anyMatch(s -> s >= 400);
    }

    /** The contract guard's verdict on one exchange (the raw socket bypasses RestAssured's filter). */
    private String contract(Case c, Response response) {
        Map<String, List<String>> sent = new java.util.LinkedHashMap<>();
        for (String[] header : c.headers()) {
            sent.computeIfAbsent(header[0], k -> new ArrayList<>()).add(header[1]);
        }
        URI uri = URI.create(base.toString()).resolve(new String(c.target(), StandardCharsets.ISO_8859_1));
        return ContractGuard.differences(c.method(), uri, sent,
                c.body() == null ? null : new String(c.body(), StandardCharsets.UTF_8), response.status(),
                response.headers(), response.text());
    }

    /** Whether the request line's target is a URI as RFC 3986 (and java.net.URI) defines it. */
    private static boolean requestTarget(byte[] target) {
        for (byte b : target) {
            if (b < 0x21) {
                return false;
            }
        }
        try {
            new java.net.URI(new String(target, StandardCharsets.ISO_8859_1));
            return true;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String problemFault(Case c, Response response) {
        String type = response.header("content-type");
        if (type == null || !type.startsWith("application/problem+json")) {
            return response.status() + " with content type " + type + ": " + abbreviate(response.text());
        }
        if (c.method().equals("HEAD")) {
            return null;
        }
        String text = response.text();
        try {
            JsonObject problem = new JsonObject(text);
            if (problem.getInteger("status", -1) != response.status() || problem.getString("title") == null
                    || problem.getString("type") == null) {
                return "an incomplete problem: " + abbreviate(text);
            }
        } catch (RuntimeException e) {
            return "a problem body that is not JSON: " + abbreviate(text);
        }
        var leak = LEAK.matcher(text.replace(new String(c.target(), StandardCharsets.ISO_8859_1), ""));
        if (leak.find()) {
            return "the problem shows '" + leak.group() + "': " + abbreviate(text);
        }
        return null;
    }

    /** The accepted strings, in the create answer and read back by id, must equal what was sent. */
    private String echoFault(Case c, Response response) {
        JsonObject created = new JsonObject(response.text());
        String id = created.getString("id");
        JsonObject stored = new JsonObject(given().get("/api/tasks/" + id).then().statusCode(200).extract().asString());
        for (var expected : c.echo().entrySet()) {
            for (JsonObject answer : List.of(created, stored)) {
                Object actual = pointer(answer, expected.getKey());
                if (!(actual instanceof String text)
                        || !java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), expected.getValue().getBytes(StandardCharsets.UTF_8))) {
                    return expected.getKey() + " came back as " + actual + " instead of " + expected.getValue();
                }
            }
        }
        return null;
    }

    private static Object pointer(JsonObject json, String path) {
        Object at = json;
        for (String part : path.split("/")) {
            at = at instanceof JsonObject o ? o.getValue(part) : at instanceof JsonArray a ? a.getValue(Integer.parseInt(part)) : null;
        }
        return at;
    }

    /** Every row, every column: any write changes it. */
    private String fingerprint() {
        return table.row("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t.id)), '') FROM tasks t")
                .getString(0);
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
