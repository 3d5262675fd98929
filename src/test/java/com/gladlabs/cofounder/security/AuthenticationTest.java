package com.gladlabs.cofounder.security;

import static com.gladlabs.cofounder.security.HttpCalls.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.gladlabs.cofounder.RequestCounts;
import com.gladlabs.cofounder.TasksTable;
import com.gladlabs.cofounder.Tokens;
import com.gladlabs.cofounder.common.security.Roles;
import com.gladlabs.cofounder.security.HttpCalls.Answer;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * Authentication on, as in prod: every endpoint against no token, each single role, every role,
 * and tokens that must be refused (expired, wrong issuer, wrong audience, tampered, foreign key,
 * unsigned). Open endpoints answer without a token.
 */
@QuarkusTest
@TestProfile(AuthOnProfile.class)
class AuthenticationTest {

    private static final String READ = "tasks:read";
    private static final String WRITE = "tasks:write";
    private static final String APPROVE = "content:approve";

    /** One call of each endpoint, and the role it needs. */
    record Call(String method, String path, String body, String role) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @TestHTTPResource("/")
    URL base;

    final TasksTable table = TasksTable.get();
    final List<String> logLines = new ArrayList<>();
    final Handler logCapture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (logLines) {
                String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
                StringBuilder line = new StringBuilder(record.getLoggerName()).append(' ').append(message);
                for (Throwable t = record.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
                    line.append(" | ").append(t);
                }
                logLines.add(line.toString());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    HttpCalls http;

    @BeforeEach
    void setUp() {
        table.clear();
        http = new HttpCalls(base.toString());
        Logger.getLogger("").addHandler(logCapture);
    }

    @AfterEach
    void tearDown() {
        Logger.getLogger("").removeHandler(logCapture);
    }

    static List<Call> calls() {
        String id = UUID.randomUUID().toString();
        return List.of(
                new Call("GET", "/api/tasks", null, READ),
                new Call("GET", "/api/tasks?status=pending&limit=5", null, READ),
                new Call("GET", "/api/tasks/drafts", null, READ),
                new Call("GET", "/api/tasks/stats", null, READ),
                new Call("GET", "/api/tasks/" + id, null, READ),
                new Call("HEAD", "/api/tasks/" + id, null, READ),
                new Call("GET", "/api/tasks/events", null, READ),
                new Call("GET", "/api/ws/tasks", null, READ),
                new Call("GET", "/api/content/tasks/" + id, null, READ),
                new Call("GET", "/api/posts", null, READ),
                new Call("GET", "/api/posts/some-slug", null, READ),
                new Call("GET", "/api/categories", null, READ),
                new Call("GET", "/api/tags", null, READ),
                new Call("GET", "/api/no-such-endpoint", null, READ),
                new Call("POST", "/api/tasks", "{\"title\":\"auth matrix\"}", WRITE),
                new Call("PATCH", "/api/tasks/" + id, "{\"status\":\"in_progress\"}", WRITE),
                new Call("DELETE", "/api/tasks/" + id, null, WRITE),
                new Call("POST", "/api/content/tasks", "{\"task_type\":\"email\",\"topic\":\"auth matrix\"}", WRITE),
                new Call("DELETE", "/api/content/tasks/" + id, null, WRITE),
                new Call("POST", "/api/content/tasks/" + id + "/approve", "{\"approved\":true,\"reviewer_id\":\"ann\"}", APPROVE));
    }

    @Test
    void everyEndpointAnswersACallerWithoutATokenWith401ProblemAndChangesNothing() {
        List<String> before = table.snapshot();
        for (Call call : calls()) {
            Answer answer = http.send(call.method(), call.path(), call.body(), null);
            assertThat(answer.status()).as(call.toString()).isEqualTo(401);
            assertThat(answer.wwwAuthenticate()).as(call.toString()).isEqualTo("Bearer");
            assertProblem(call, answer, 401);
        }
        assertThat(table.snapshot()).isEqualTo(before);
    }

    @Test
    void eachRoleOpensExactlyTheEndpointsThatNeedIt() {
        for (String role : List.of(READ, WRITE, APPROVE)) {
            String token = bearer(Tokens.withRoles(role));
            for (Call call : calls()) {
                List<String> before = table.snapshot();
                Answer answer = http.send(call.method(), call.path(), call.body(), token);
                if (call.role().equals(role)) {
                    assertThat(answer.status()).as(role + " on " + call).isNotIn(401, 403).isLessThan(500);
                } else {
                    assertThat(answer.status()).as(role + " on " + call).isEqualTo(403);
                    assertThat(answer.wwwAuthenticate()).isEqualTo("Bearer error=\"insufficient_scope\"");
                    assertProblem(call, answer, 403);
                    if (!call.method().equals("HEAD")) {
                        assertThat(new JsonObject(answer.body()).getString("detail")).contains(call.role());
                    }
                    assertThat(table.snapshot()).as("a refused " + call + " wrote nothing").isEqualTo(before);
                }
            }
        }
    }

    @Test
    void aTokenWithNoRolesIsAuthenticatedButRefusedEverywhere() {
        String token = bearer(Tokens.withRoles());
        for (Call call : calls()) {
            assertThat(http.send(call.method(), call.path(), call.body(), token).status()).as(call.toString()).isEqualTo(403);
        }
    }

    /**
     * A 401 or 403 is given before any resource is reached, yet counted under the operation's URI
     * template, as the resource's own answers are: never under the raw path, which would make one
     * series per task id (the template is matched for such answers only, {@code UriTemplates}).
     */
    @Test
    void refusalsAreCountedUnderTheOperationsTemplateNotTheirPath() {
        String id = UUID.randomUUID().toString();
        double unauthorized = requests("GET", "401", "/api/tasks/{id}");
        double forbidden = requests("PATCH", "403", "/api/tasks/{id}");

        assertThat(http.send("GET", "/api/tasks/" + id, null, null).status()).isEqualTo(401);
        assertThat(http.send("PATCH", "/api/tasks/" + id, "{\"status\":\"in_progress\"}",
                bearer(Tokens.withRoles(Roles.TASKS_READ))).status()).isEqualTo(403);

        assertThat(requests("GET", "401", "/api/tasks/{id}")).isEqualTo(unauthorized + 1);
        assertThat(requests("PATCH", "403", "/api/tasks/{id}")).isEqualTo(forbidden + 1);
        assertThat(http.send("GET", "/q/metrics", null, null).body()).as("no series carries the task id").doesNotContain(id);
    }

    private double requests(String method, String status, String uri) {
        return RequestCounts.of(http.send("GET", "/q/metrics", null, null).body(), method, status, uri);
    }

    @Test
    void aWriterCreatesAReaderSeesItAndAnApproverApproves() {
        Answer created = http.send("POST", "/api/tasks", "{\"title\":\"Signed and stored\"}", bearer(Tokens.withRoles(WRITE)));
        assertThat(created.status()).isEqualTo(201);
        String id = new JsonObject(created.body()).getString("id");
        assertThat(table.row("SELECT title FROM tasks WHERE id = $1::uuid", id).getString("title")).isEqualTo("Signed and stored");

        Answer read = http.send("GET", "/api/tasks/" + id, null, bearer(Tokens.withRoles(READ)));
        assertThat(read.status()).isEqualTo(200);
        assertThat(new JsonObject(read.body()).getString("title")).isEqualTo("Signed and stored");

        Answer content = http.send("POST", "/api/content/tasks", "{\"task_type\":\"email\",\"topic\":\"Welcome\"}",
                bearer(Tokens.withRoles(WRITE)));
        assertThat(content.status()).isEqualTo(201);
        String contentId = new JsonObject(content.body()).getString("task_id");
        table.execute("UPDATE tasks SET status = 'completed', approval_status = 'awaiting_approval', slug = 'auth-review' WHERE id = $1::uuid", contentId);
        Answer approved = http.send("POST", "/api/content/tasks/" + contentId + "/approve",
                "{\"approved\":true,\"reviewer_id\":\"ann\"}", bearer(Tokens.withRoles(APPROVE)));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        String outcome = new JsonObject(approved.body()).getString("approval_status");
        assertThat(outcome).isIn("approved", "published");
        assertThat(table.row("SELECT approval_status FROM tasks WHERE id = $1::uuid", contentId).getString(0)).isEqualTo(outcome);
    }

    @Test
    void refusedTokensAre401InvalidTokenProblems() {
        Set<String> all = Tokens.ALL_ROLES;
        String good = Tokens.withRoles(READ);
        String[] parts = good.split("\\.");
        JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        claims.put("groups", List.copyOf(all));
        String tampered = parts[0] + "." + base64(claims.encode()) + "." + parts[2];
        String unsigned = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";

        List<String> refused = List.of(
                Tokens.claims(all).issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600))
                        .sign(Tokens.privateKey()), // expired
                Tokens.claims(all).issuer("https://someone-else.example/").sign(Tokens.privateKey()),
                Tokens.claims(all).audience("another-service").sign(Tokens.privateKey()),
                tampered,
                Tokens.signedByStranger(all),
                unsigned,
                "not-a-jwt",
                parts[0] + "." + parts[1]);
        List<String> before = table.snapshot();
        for (String token : refused) {
            for (Call call : List.of(new Call("GET", "/api/tasks", null, READ),
                    new Call("POST", "/api/tasks", "{\"title\":\"must not be stored\"}", WRITE))) {
                Answer answer = http.send(call.method(), call.path(), call.body(), bearer(token));
                assertThat(answer.status()).as(call + " with " + token).isEqualTo(401);
                assertThat(answer.wwwAuthenticate()).as(call + " with " + token).isEqualTo("Bearer error=\"invalid_token\"");
                assertProblem(call, answer, 401);
            }
        }
        assertThat(table.snapshot()).isEqualTo(before);
        // The same claims, correctly signed, are accepted: the refusals above were the token's fault.
        assertThat(http.send("GET", "/api/tasks", null, bearer(Tokens.claims(all).sign(Tokens.privateKey()))).status())
                .isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = { "Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "bearer", "Token abc" })
    void otherAuthorizationSchemesAreUnauthorized(String authorization) {
        Answer answer = http.send("GET", "/api/tasks", null, authorization);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/q/health", "/q/health/live", "/q/health/ready", "/q/health/started", "/api/health",
            "/q/metrics", "/q/openapi", "/q/swagger-ui/" })
    void healthMetricsAndOpenApiStayOpenWhateverTheCallerSends(String path) {
        assertThat(http.send("GET", path, null, null).status()).as(path).isEqualTo(200);
        assertThat(http.send("GET", path, null, "Bearer expired.or.garbage").status()).as(path).isEqualTo(200);
    }

    @Test
    void theWebSocketHandshakeNeedsTheReadRole() throws Exception {
        URI socket = URI.create(base.toString().replaceFirst("^http", "ws") + "api/ws/tasks");
        HttpClient client = HttpClient.newHttpClient();
        WebSocket.Listener quiet = new WebSocket.Listener() {
        };
        assertThatThrownBy(() -> client.newWebSocketBuilder().buildAsync(socket, quiet).join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
        assertThatThrownBy(() -> client.newWebSocketBuilder().header("Authorization", bearer(Tokens.withRoles(WRITE)))
                .buildAsync(socket, quiet).join())
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(403));
        WebSocket open = client.newWebSocketBuilder().header("Authorization", bearer(Tokens.withRoles(READ)))
                .buildAsync(socket, quiet).get(10, TimeUnit.SECONDS);
        open.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }

    @Test
    void noLogLineCarriesATokenOrTheSigningKey() {
        String valid = Tokens.allRoles();
        String foreign = Tokens.signedByStranger(Tokens.ALL_ROLES);
        String expired = Tokens.claims(Tokens.ALL_ROLES).issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600)).sign(Tokens.privateKey());
        for (String token : List.of(valid, foreign, expired)) {
            http.send("GET", "/api/tasks", null, bearer(token));
            http.send("POST", "/api/tasks", "{\"title\":\"logged?\"}", bearer(token));
            http.send("POST", "/api/tasks", "{\"title\":", bearer(token)); // a 400 is logged by nobody either
        }
        String keyBody = Tokens.privateKeyText().lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        String logs = logsWritten();
        assertThat(logs).as("the service's log").isNotEmpty();
        for (String secret : List.of(valid, foreign, expired, valid.split("\\.")[1], valid.split("\\.")[2], keyBody)) {
            assertThat(logs).doesNotContain(secret);
        }
    }

    /** What the service has logged (here: records of this JVM, where the service runs, since setUp). */
    protected String logsWritten() {
        synchronized (logLines) {
            return String.join("\n", logLines);
        }
    }

    private static void assertProblem(Call call, Answer answer, int status) {
        assertThat(answer.contentType()).as(call.toString()).startsWith("application/problem+json");
        if (!call.method().equals("HEAD")) {
            JsonObject problem = new JsonObject(answer.body());
            assertThat(problem.getInteger("status")).isEqualTo(status);
            assertThat(problem.getString("type")).startsWith("urn:cofounder:problem:");
            assertThat(problem.getString("detail")).isNotBlank();
        }
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
