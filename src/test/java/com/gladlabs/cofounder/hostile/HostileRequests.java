package com.gladlabs.cofounder.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Generates hostile requests for every endpoint, deterministically (a fixed seed): broken and
 * mistyped JSON, deep nesting, long strings, invalid UTF-8, NUL bytes, unicode edge cases,
 * metacharacters, unknown and duplicated fields and headers, wrong methods and content types,
 * oversized bodies, odd paths and query parameters.
 */
final class HostileRequests {

    /**
     * What the answer must be: a rejection (4xx), anything but a 5xx, or the HTTP parser's own refusal of
     * a request line or header section past its limits (4xx before any request exists, so without a body).
     */
    enum Expect { REJECTED, NOT_5XX, PARSER_REJECTED }

    /**
     * One request. {@code echo}: for creates that may be accepted, the fields whose values must come back
     * exactly as sent (JSON pointer-ish names: "title", "tags/0", "metadata/note").
     */
    record Case(String name, String method, byte[] target, List<String[]> headers, byte[] body, boolean chunked,
            Expect expect, Map<String, String> echo) {
        @Override
        public String toString() {
            return name + " [" + method + " " + new String(target, StandardCharsets.ISO_8859_1) + "]";
        }
    }

    /** A body endpoint: where it is, how it is called, a valid body to start from, and its fields. */
    record BodyEndpoint(String method, String path, JsonObject valid, List<String> stringFields, List<String> numberFields) {
    }

    static final String JSON = "application/json";

    static final List<String> UNICODE = List.of(
            "emoji 😀🚀👩‍👩‍👧‍👦", "rtl \u202Eevil\u202C mark", "combining e\u0301\u0301\u0301", "zero\u200Bwidth\u200D",
            "\uFEFFbom first", "nonchar \uFFFE\uFFFF", "max \uDBFF\uDFFF", "cjk 漢字かなカナ", "arabic مرحبا", "greek Ωμέγα",
            "line\u2028sep\u2029para", "tab\tnew\nline\rcr", "ctrl \u0001\u0007\u001F\u007F", "quote \" back \\ slash",
            "nbsp\u00A0\u3000space", "  leading and trailing  ", "ǅ titlecase ß ẞ İ ı", "math 𝔘𝔫𝔦𝔠𝔬𝔡𝔢");

    static final List<String> METACHARACTERS = List.of(
            "'; DROP TABLE tasks; --", "\" OR \"1\"=\"1", "1' OR '1'='1' /*", "$$; SELECT pg_sleep(10); $$",
            "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "${jndi:ldap://x/a}",
            "#{7*7} {{7*7}} ${7*7}", "%s%s%s%n%x", "../../../../etc/passwd", "..\\..\\windows\\win.ini", "`rm -rf /`",
            "$(reboot)", "| cat /etc/shadow", "\\u0000 written out", "NULL", "null", "undefined", "E'\\x41'", "--", "/*", "*/",
            "%00", "%27%20OR%201=1", "&amp;&lt;&gt;", "{\"nested\":\"json\"}", "@@version", "\\", "'", "\"");

    static final List<String> WRONG_VALUES = List.of(
            "1", "-1", "0", "1.5", "true", "false", "null", "[]", "{}", "[\"a\"]", "{\"a\":1}", "\"\"", "\"x\"",
            "1e400", "-1e400", "99999999999999999999999999999", "-99999999999999999999999999999", "2147483648",
            "-2147483649", "9223372036854775808", "0x10", "NaN", "Infinity", "-Infinity", "01", "1.", ".5", "+1",
            "1e-400", "\"1\"", "\"true\"", "[1,2,3]");

    static final List<byte[]> INVALID_UTF8 = List.of(
            bytes(0xC3, 0x28), bytes(0xA0, 0xA1), bytes(0xE2, 0x28, 0xA1), bytes(0xE2, 0x82, 0x28),
            bytes(0xF0, 0x28, 0x8C, 0xBC), bytes(0xF8, 0xA1, 0xA1, 0xA1, 0xA1), bytes(0xFF), bytes(0xFE, 0xFF),
            bytes(0xC0, 0xAF), bytes(0xE0, 0x80, 0xAF), bytes(0xED, 0xA0, 0x80), bytes(0xED, 0xBF, 0xBF),
            bytes(0xF4, 0x90, 0x80, 0x80), bytes(0x80), bytes(0xC2));

    private static final String SYNTAX = "{}[]\",:\\ 0e-+.tfn";

    private final Random random = new Random(20261127L);
    private final String taskId;
    private final String contentId;
    private final List<Case> cases = new ArrayList<>();

    HostileRequests(String taskId, String contentId) {
        this.taskId = taskId;
        this.contentId = contentId;
    }

    List<BodyEndpoint> bodyEndpoints() {
        JsonObject create = new JsonObject().put("title", "Hostile input").put("description", "d").put("type", "general")
                .put("priority", "high").put("category", "research").put("tags", new JsonArray().add("a").add("b"))
                .put("assigned_agents", new JsonArray().add("agent-1")).put("created_by", "fuzzer").put("topic", "t")
                .put("primary_keyword", "k").put("style", "s").put("tone", "t").put("target_length", 1500)
                .put("publish_mode", "draft").put("metadata", new JsonObject().put("note", "v"));
        JsonObject patch = new JsonObject().put("title", "Patched").put("description", "d").put("priority", "low")
                .put("category", "c").put("tags", new JsonArray().add("x")).put("assigned_agents", new JsonArray())
                .put("metadata", new JsonObject().put("note", "v")).put("progress", 10).put("error_message", "e")
                .put("topic", "t").put("primary_keyword", "k").put("style", "s").put("tone", "t")
                .put("target_length", 900).put("publish_mode", "publish").put("content", "body").put("slug", "a-slug")
                .put("quality_score", 50).put("result", new JsonObject().put("r", 1));
        JsonObject content = new JsonObject().put("task_type", "blog_post").put("topic", "Hostile topic")
                .put("style", "technical").put("tone", "casual").put("target_length", 800).put("primary_keyword", "k")
                .put("category", "c").put("tags", new JsonArray().add("t")).put("publish_mode", "draft");
        JsonObject approve = new JsonObject().put("approved", true).put("human_feedback", "fine").put("reviewer_id", "ann");
        return List.of(
                new BodyEndpoint("POST", "/api/tasks", create,
                        List.of("title", "description", "category", "created_by", "topic", "primary_keyword", "style", "tone"),
                        List.of("target_length")),
                new BodyEndpoint("PATCH", "/api/tasks/" + taskId, patch,
                        List.of("title", "description", "category", "error_message", "topic", "content", "slug"),
                        List.of("progress", "target_length", "quality_score")),
                new BodyEndpoint("POST", "/api/content/tasks", content, List.of("topic", "primary_keyword", "category"),
                        List.of("target_length")),
                new BodyEndpoint("POST", "/api/content/tasks/" + contentId + "/approve", approve,
                        List.of("human_feedback", "reviewer_id"), List.of()));
    }

    List<String> readPaths() {
        return List.of("/api/tasks", "/api/tasks/" + taskId, "/api/tasks/drafts", "/api/tasks/stats",
                "/api/content/tasks/" + contentId, "/api/posts", "/api/posts/a-slug", "/api/categories", "/api/tags",
                "/api/health", "/q/health/ready", "/q/health/live");
    }

    List<Case> generate() {
        for (BodyEndpoint endpoint : bodyEndpoints()) {
            malformed(endpoint);
            wrongTypes(endpoint);
            nesting(endpoint);
            longStrings(endpoint);
            invalidUtf8(endpoint);
            nulBytes(endpoint);
            acceptedStrings(endpoint);
            unknownAndDuplicateFields(endpoint);
            contentTypes(endpoint);
            oversized(endpoint);
        }
        headers();
        methods();
        paths();
        queries();
        while (cases.size() < 5200) {
            randomMutation();
        }
        return cases;
    }

    // ---- bodies ---------------------------------------------------------------------------------

    private void malformed(BodyEndpoint e) {
        byte[] valid = e.valid().encode().getBytes(StandardCharsets.UTF_8);
        for (int length = 0; length < valid.length; length += Math.max(1, valid.length / 60)) {
            byte[] prefix = java.util.Arrays.copyOf(valid, length);
            reject(e, "truncated at " + length, prefix);
        }
        for (String broken : List.of("{", "}", "{\"title\"}", "{\"title\":}", "{\"title\":\"x\",}", "{,}", "{\"title\" \"x\"}",
                "{'title':'x'}", "{title:\"x\"}", "{\"title\":\"x\"} trailing", "{\"title\":\"x\"}{}", "{\"title\":\"x\"", "[",
                "{\"title\":\"unterminated}", "{\"title\":\"x\\q\"}", "{\"title\":\"\\u12\"}", "{\"a\":1 /* comment */}",
                "{\"title\":\"x\"}\u0000", "\u0000{}", "{\"title\":tru}", "{\"title\":nul}", "{\"title\":\"x\"\"y\"}", "",
                " ", "\n\n", "[]", "\"string\"", "1", "null", "true", "[{}]", "{\"\":\"\"}")) {
            reject(e, "broken JSON " + broken, broken.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void wrongTypes(BodyEndpoint e) {
        for (String field : e.valid().fieldNames()) {
            Object good = e.valid().getValue(field);
            for (String value : WRONG_VALUES) {
                if (sameKind(good, value)) {
                    continue; // a value of the right type may be valid: the other generators cover those
                }
                // null is a valid value for an optional field; every other value here has the wrong JSON type.
                add(e, "wrong type " + field + "=" + value, withRaw(e.valid(), field, value),
                        value.equals("null") ? Expect.NOT_5XX : Expect.REJECTED, Map.of());
            }
        }
        for (String field : e.numberFields()) {
            for (String value : List.of("-1", "0", "1000001", "2147483648", "1e400", "99999999999999999999", "1.5", "-0")) {
                add(e, "number " + field + "=" + value, withRaw(e.valid(), field, value), Expect.NOT_5XX, Map.of());
            }
        }
    }

    private static boolean sameKind(Object good, String raw) {
        char first = raw.charAt(0);
        if (good instanceof String) {
            return first == '"';
        }
        if (good instanceof Number) {
            return raw.matches("-?(0|[1-9][0-9]*)") && raw.length() < 10;
        }
        if (good instanceof Boolean) {
            return raw.equals("true") || raw.equals("false");
        }
        if (good instanceof JsonArray) {
            return first == '[' && !raw.contains("1");
        }
        if (good instanceof JsonObject) {
            return first == '{';
        }
        return false;
    }

    private void nesting(BodyEndpoint e) {
        String field = e.valid().fieldNames().iterator().next();
        for (int depth : new int[] { 63, 65, 100, 1000, 10_000, 100_000 }) {
            String objects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            String arrays = "[".repeat(depth) + "]".repeat(depth);
            add(e, "nested objects " + depth, withRaw(e.valid(), field, objects), depth > 64 ? Expect.REJECTED : Expect.NOT_5XX, Map.of());
            add(e, "nested arrays " + depth, withRaw(e.valid(), field, arrays), depth > 64 ? Expect.REJECTED : Expect.NOT_5XX, Map.of());
            add(e, "nested metadata " + depth, withRaw(e.valid(), "metadata", objects), depth > 63 ? Expect.REJECTED : Expect.NOT_5XX, Map.of());
            reject(e, "unclosed nesting " + depth, "[".repeat(depth).getBytes(StandardCharsets.UTF_8));
        }
    }

    private void longStrings(BodyEndpoint e) {
        for (String field : e.stringFields()) {
            for (int length : new int[] { 199, 201, 1001, 10_001, 100_000, 600_000 }) {
                String value = "x".repeat(length);
                add(e, "long " + field + " " + length, with(e.valid(), field, value), Expect.NOT_5XX, Map.of());
            }
            add(e, "long multibyte " + field, with(e.valid(), field, "😀".repeat(60_000)), Expect.NOT_5XX, Map.of());
        }
        add(e, "many tags", withRaw(e.valid(), "tags", "[" + "\"t\",".repeat(5000) + "\"t\"]"), Expect.REJECTED, Map.of());
        add(e, "many fields", ("{" + manyFields(20_000) + "}").getBytes(StandardCharsets.UTF_8),
                Expect.REJECTED, Map.of());
    }

    private static String manyFields(int count) {
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < count; i++) {
            fields.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
        }
        return fields.toString();
    }

    private void invalidUtf8(BodyEndpoint e) {
        for (String field : e.stringFields()) {
            for (byte[] bad : INVALID_UTF8) {
                byte[] body = spliceIntoString(e.valid(), field, bad);
                add(e, "invalid UTF-8 in " + field + " " + hex(bad), body, Expect.REJECTED, Map.of());
            }
        }
        for (byte[] bad : INVALID_UTF8) {
            ByteArrayOutputStream key = new ByteArrayOutputStream();
            key.writeBytes("{\"".getBytes(StandardCharsets.UTF_8));
            key.writeBytes(bad);
            key.writeBytes("\":1}".getBytes(StandardCharsets.UTF_8));
            add(e, "invalid UTF-8 in a key " + hex(bad), key.toByteArray(), Expect.REJECTED, Map.of());
        }
    }

    private void nulBytes(BodyEndpoint e) {
        for (String field : e.stringFields()) {
            add(e, "NUL escape in " + field, with(e.valid(), field, "before\u0000after"), Expect.REJECTED, Map.of());
            add(e, "raw NUL in " + field, spliceIntoString(e.valid(), field, new byte[] { 0 }), Expect.REJECTED, Map.of());
            add(e, "lone high surrogate in " + field, withRaw(e.valid(), field, "\"x\\ud800y\""), Expect.REJECTED, Map.of());
            add(e, "lone low surrogate in " + field, withRaw(e.valid(), field, "\"x\\udc00\""), Expect.REJECTED, Map.of());
            add(e, "reversed surrogates in " + field, withRaw(e.valid(), field, "\"\\udc00\\ud800\""), Expect.REJECTED, Map.of());
        }
        add(e, "NUL in a key", withRaw(e.valid(), "metadata", "{\"a\\u0000b\":1}"), Expect.REJECTED, Map.of());
    }

    private void acceptedStrings(BodyEndpoint e) {
        List<String> values = new ArrayList<>(UNICODE);
        values.addAll(METACHARACTERS);
        boolean echo = e.path().equals("/api/tasks") && e.method().equals("POST");
        for (String field : e.stringFields()) {
            for (String value : values) {
                add(e, "string " + field + "=" + value, with(e.valid(), field, value), Expect.NOT_5XX,
                        echo ? Map.of(field, value) : Map.of());
            }
        }
        if (echo) {
            for (String value : values) {
                JsonObject body = e.valid().copy().put("tags", new JsonArray().add(value))
                        .put("metadata", new JsonObject().put("note", value).put(value, "as a key"));
                add(e, "tag and metadata " + value, body.encode().getBytes(StandardCharsets.UTF_8), Expect.NOT_5XX,
                        Map.of("tags/0", value, "metadata/note", value));
            }
        }
    }

    private void unknownAndDuplicateFields(BodyEndpoint e) {
        for (String name : List.of("unknown", "id", "version", "created_at", "__proto__", "constructor", "", " title",
                "Title", "TITLE", "title ", "tïtle", "$where", "../title", "idempotency_key")) {
            add(e, "unknown field '" + name + "'", withRaw(e.valid(), name, "\"x\""), Expect.REJECTED, Map.of());
        }
        for (String field : e.valid().fieldNames()) {
            String valid = e.valid().encode();
            String duplicated = valid.substring(0, valid.length() - 1) + ",\"" + field + "\":"
                    + io.vertx.core.json.Json.encode(e.valid().getValue(field)) + "}";
            add(e, "duplicate field " + field, duplicated.getBytes(StandardCharsets.UTF_8), Expect.REJECTED, Map.of());
        }
    }

    private void contentTypes(BodyEndpoint e) {
        byte[] valid = e.valid().encode().getBytes(StandardCharsets.UTF_8);
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=xyz", "application/json-seq", "application/jsonx", "image/png",
                "application/octet-stream", "text/html; charset=utf-8", "application/javascript", ";;;", "/", "json",
                "application/json; charset=utf-16", "application/json; charset=ebcdic")) {
            cases.add(new Case("content type " + type, e.method(), target(e.path()), headers(h("Content-Type", type)), valid,
                    false, type.contains("charset") ? Expect.NOT_5XX : Expect.REJECTED, Map.of()));
        }
        cases.add(new Case("no content type", e.method(), target(e.path()), List.of(), valid, false, Expect.NOT_5XX, Map.of()));
        cases.add(new Case("no body", e.method(), target(e.path()), headers(h("Content-Type", JSON)), null, false,
                Expect.REJECTED, Map.of()));
        cases.add(new Case("empty body", e.method(), target(e.path()), headers(h("Content-Type", JSON)), new byte[0], false,
                Expect.REJECTED, Map.of()));
        cases.add(new Case("two content types", e.method(), target(e.path()),
                headers(h("Content-Type", "text/plain"), h("Content-Type", JSON)), valid, false, Expect.NOT_5XX, Map.of()));
        cases.add(new Case("two content types, json first", e.method(), target(e.path()),
                headers(h("Content-Type", JSON), h("Content-Type", "application/xml")), valid, false, Expect.NOT_5XX, Map.of()));
        cases.add(new Case("utf-16 body", e.method(), target(e.path()), headers(h("Content-Type", JSON)),
                e.valid().encode().getBytes(StandardCharsets.UTF_16), false, Expect.NOT_5XX, Map.of()));
        cases.add(new Case("latin-1 body", e.method(), target(e.path()), headers(h("Content-Type", JSON + "; charset=iso-8859-1")),
                with(e.valid(), e.stringFields().get(0), "café"), false, Expect.NOT_5XX, Map.of()));
    }

    private void oversized(BodyEndpoint e) {
        String field = e.stringFields().get(0);
        byte[] big = with(e.valid(), field, "y".repeat(1_100_000));
        cases.add(new Case("past the size limit", e.method(), target(e.path()), headers(h("Content-Type", JSON)), big, false,
                Expect.REJECTED, Map.of()));
        cases.add(new Case("past the size limit, chunked", e.method(), target(e.path()), headers(h("Content-Type", JSON)), big,
                true, Expect.REJECTED, Map.of()));
        cases.add(new Case("valid, chunked", e.method(), target(e.path()), headers(h("Content-Type", JSON)),
                e.valid().encode().getBytes(StandardCharsets.UTF_8), true, Expect.NOT_5XX, Map.of()));
    }

    // ---- headers, methods, paths, queries ---------------------------------------------------------

    private void headers() {
        String task = "/api/tasks/" + taskId;
        byte[] patch = "{\"progress\":5}".getBytes(StandardCharsets.UTF_8);
        for (String ifMatch : List.of("\"0\"", "\"999999\"", "*", "W/\"0\"", "garbage", "\"-1\"", "\"99999999999999999999\"",
                "\"0\", \"1\"", "\"\"", "\"", "\"a\"", ",", "\"0\" \"1\"", "W/", "\u00e9")) {
            cases.add(new Case("If-Match " + ifMatch, "PATCH", target(task), headers(h("Content-Type", JSON), h("If-Match", ifMatch)),
                    patch, false, Expect.NOT_5XX, Map.of()));
            cases.add(new Case("If-Match on DELETE " + ifMatch, "DELETE", target("/api/tasks/" + java.util.UUID.randomUUID()),
                    headers(h("If-Match", ifMatch)), null, false, Expect.NOT_5XX, Map.of()));
        }
        cases.add(new Case("two If-Match headers", "PATCH", target(task),
                headers(h("Content-Type", JSON), h("If-Match", "\"0\""), h("If-Match", "\"1\"")), patch, false, Expect.NOT_5XX, Map.of()));
        byte[] create = "{\"title\":\"keyed\"}".getBytes(StandardCharsets.UTF_8);
        for (String key : List.of("", " ", "k".repeat(300), "k".repeat(10_000), "ключ", "a\tb", "😀", "'; DROP TABLE tasks; --")) {
            cases.add(new Case("Idempotency-Key " + key.length(), "POST", target("/api/tasks"),
                    headers(h("Content-Type", JSON), h("Idempotency-Key", key)), create, false, Expect.NOT_5XX, Map.of()));
        }
        // A resume position is digits only; anything else is refused before a stream opens.
        for (String lastEventId : List.of("-1", "abc", "1.5", "1e3", "0x10", "7x", "9999999999999999999", "7,8", "NaN",
                "%31", "+1", "1 2", "'; DROP TABLE task_feed; --", "9".repeat(5000))) {
            cases.add(new Case("Last-Event-ID " + lastEventId.length(), "GET", target("/api/tasks/events"),
                    headers(h("Accept", "text/event-stream"), h("Last-Event-ID", lastEventId)), null, false, Expect.REJECTED,
                    Map.of()));
            cases.add(new Case("last_event_id " + lastEventId.length(), "GET",
                    target("/api/tasks/events?last_event_id=" + java.net.URLEncoder.encode(lastEventId, StandardCharsets.UTF_8)),
                    headers(h("Accept", "text/event-stream")), null, false, Expect.REJECTED, Map.of()));
        }
        cases.add(new Case("two Idempotency-Keys", "POST", target("/api/tasks"),
                headers(h("Content-Type", JSON), h("Idempotency-Key", "one"), h("Idempotency-Key", "two")), create, false,
                Expect.NOT_5XX, Map.of()));
        for (String path : readPaths()) {
            for (String accept : List.of("application/xml", "text/html", "image/png", "garbage", "*/*;q=x", "application/json;q=0",
                    "text/event-stream")) {
                cases.add(new Case("Accept " + accept, "GET", target(path), headers(h("Accept", accept)), null, false,
                        Expect.NOT_5XX, Map.of()));
            }
            for (String[] odd : headers(h("X-Request-Id", "x".repeat(5000)), h("X-Request-Id", "ïd"), h("Authorization", "Bearer x"),
                    h("Content-Length", "0"), h("Accept-Encoding", "gzip;q=banana"), h("Range", "bytes=0-1"),
                    h("If-None-Match", "*"), h("Cookie", "a=" + "b".repeat(2000)), h("Origin", "null"),
                    h("X-Forwarded-For", "' OR 1=1"))) {
                cases.add(new Case("header " + odd[0], "GET", target(path), headers(odd), null, false, Expect.NOT_5XX, Map.of()));
            }
        }
    }

    private void methods() {
        List<String> paths = new ArrayList<>(readPaths());
        paths.addAll(List.of("/api/tasks/events", "/api/content/tasks", "/api/content/tasks/" + contentId + "/approve", "/api/ws/tasks"));
        for (String path : paths) {
            for (String method : List.of("PUT", "POST", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "FOO", "get", "HEAD")) {
                cases.add(new Case("method " + method, method, target(path), headers(h("Content-Type", JSON)),
                        "{}".getBytes(StandardCharsets.UTF_8), false, Expect.NOT_5XX, Map.of()));
            }
        }
    }

    private void paths() {
        List<String> ids = List.of("not-a-uuid", "1", "-1", "0", "00000000-0000-0000-0000-000000000000",
                taskId.toUpperCase(), "{" + taskId + "}", taskId + "0", taskId.substring(1), taskId.replace("-", ""),
                "%00", "%2e%2e", "..%2f..%2fetc%2fpasswd", "%252e%252e", "'%20OR%201=1--", "%3Cscript%3E", "x".repeat(5000),
                "%F0%9F%98%80", "%C3%28", "%FF%FE", "%", "%zz", "%u0041", "a;b", "a,b", "a%09b", "null", "undefined",
                "%20", "+", "~", "$", "!", "*", "()", "%0d%0aX-Injected:%201", "..;", ";jsessionid=1", "%ef%bc%8e%ef%bc%8e");
        for (String id : ids) {
            for (String[] route : List.of(new String[] { "GET", "/api/tasks/%s" }, new String[] { "DELETE", "/api/tasks/%s" },
                    new String[] { "PATCH", "/api/tasks/%s" }, new String[] { "GET", "/api/content/tasks/%s" },
                    new String[] { "DELETE", "/api/content/tasks/%s" }, new String[] { "POST", "/api/content/tasks/%s/approve" },
                    new String[] { "GET", "/api/posts/%s" })) {
                boolean body = !route[0].equals("GET") && !route[0].equals("DELETE");
                String json = route[1].endsWith("approve") ? "{\"approved\":true,\"reviewer_id\":\"ann\"}" : "{\"progress\":1}";
                cases.add(new Case("odd id " + id, route[0], target(route[1].formatted(id)),
                        body ? headers(h("Content-Type", JSON)) : List.<String[]>of(), body ? json.getBytes(StandardCharsets.UTF_8) : null,
                        false, Expect.NOT_5XX, Map.of()));
            }
        }
        for (String path : List.of("/api/../etc/passwd", "/api/tasks/../../etc/passwd", "/../../etc/passwd", "/api/%2e%2e/%2e%2e/etc/passwd",
                "/api//tasks", "/api/tasks//", "/api/tasks/./stats", "/API/TASKS", "/api/tasks%2f" + taskId, "/api/tasks/%2e",
                "/api\\tasks", "/api/tasks?", "/api/tasks#frag", "//api/tasks", "/api/tasks/" + taskId + "/..", "/q/../api/tasks",
                "/q/health/../../api/tasks", "/.env", "/WEB-INF/web.xml", "/q/dev-ui", "/q/arc", "/nothing-here", "*", "/%",
                "/api/tasks/%C0%AF", "/api/t%61sks")) {
            cases.add(new Case("path " + path, "GET", target(path), List.of(), null, false, Expect.NOT_5XX, Map.of()));
        }
        cases.add(new Case("request line past 8 KiB", "GET", target("/api/tasks/" + "x".repeat(9000)), List.of(), null, false,
                Expect.PARSER_REJECTED, Map.of()));
        cases.add(new Case("header section past 20 KiB", "GET", target("/api/tasks"), headers(h("X-Padding", "p".repeat(30_000))),
                null, false, Expect.PARSER_REJECTED, Map.of()));
        // Raw bytes in the request target, as no client library would send them.
        for (byte[] bad : INVALID_UTF8) {
            ByteArrayOutputStream path = new ByteArrayOutputStream();
            path.writeBytes("/api/tasks/".getBytes(StandardCharsets.ISO_8859_1));
            path.writeBytes(bad);
            cases.add(new Case("raw bytes in path " + hex(bad), "GET", path.toByteArray(), List.of(), null, false, Expect.NOT_5XX, Map.of()));
        }
    }

    private void queries() {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        List<String> odd = List.of("", "-1", "0", "1e10", "abc", "99999999999999999999", "1.5", "%00", "'", "%27%20OR%201=1",
                "x".repeat(3000), "%F0%9F%98%80", "%C3%28", "null", "true", "[]", "%", "+", "a&b", "2147483648");
        for (String name : List.of("limit", "offset", "status", "type", "priority", "category", "cursor", "sort", "order",
                "total", "q", "search", "created_after", "unknown")) {
            parameters.put(name, odd);
        }
        for (var parameter : parameters.entrySet()) {
            for (String value : parameter.getValue()) {
                cases.add(new Case("query " + parameter.getKey() + "=" + value, "GET",
                        target("/api/tasks?" + parameter.getKey() + "=" + value), List.of(), null, false, Expect.NOT_5XX, Map.of()));
            }
        }
        for (String query : List.of("limit=5&limit=6", "status=pending&status=failed", "limit", "=5", "&&&", "limit=5;limit=6",
                "cursor=" + "A".repeat(500), "cursor=eyJ9", "cursor=%7B%7D", "total=false&limit=0", "status=PENDING", "a[b]=c")) {
            cases.add(new Case("query " + query, "GET", target("/api/tasks?" + query), List.of(), null, false, Expect.NOT_5XX, Map.of()));
        }
        for (String query : List.of("status=nonsense", "type=nonsense", "task_id=not-a-uuid", "status=", "unknown=1",
                "task_id=%00", "status=pending&status=pending", "type=" + "x".repeat(3000))) {
            cases.add(new Case("events filter " + query, "GET", target("/api/tasks/events?" + query), List.of(), null, false,
                    Expect.NOT_5XX, Map.of()));
        }
        for (String query : List.of("limit=-1", "limit=abc", "offset=-5", "category=%00", "tag='", "limit=99999999999")) {
            for (String path : List.of("/api/posts", "/api/tasks/drafts", "/api/categories", "/api/tags")) {
                cases.add(new Case("query " + query, "GET", target(path + "?" + query), List.of(), null, false, Expect.NOT_5XX, Map.of()));
            }
        }
    }

    /** Random byte-level damage to valid bodies, until there are enough cases. */
    private void randomMutation() {
        List<BodyEndpoint> endpoints = bodyEndpoints();
        BodyEndpoint e = endpoints.get(random.nextInt(endpoints.size()));
        byte[] body = e.valid().encode().getBytes(StandardCharsets.UTF_8);
        int changes = 1 + random.nextInt(4);
        for (int i = 0; i < changes; i++) {
            int at = random.nextInt(body.length);
            switch (random.nextInt(4)) {
                case 0 -> body[at] = (byte) random.nextInt(256);
                case 1 -> body[at] = (byte) SYNTAX.charAt(random.nextInt(SYNTAX.length()));
                case 2 -> body = java.util.Arrays.copyOf(body, Math.max(1, at));
                default -> {
                    byte[] longer = new byte[body.length + 1];
                    System.arraycopy(body, 0, longer, 0, at);
                    longer[at] = (byte) random.nextInt(256);
                    System.arraycopy(body, at, longer, at + 1, body.length - at);
                    body = longer;
                }
            }
        }
        add(e, "random damage #" + cases.size(), body, Expect.NOT_5XX, Map.of());
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private void reject(BodyEndpoint e, String name, byte[] body) {
        add(e, name, body, Expect.REJECTED, Map.of());
    }

    private void add(BodyEndpoint e, String name, byte[] body, Expect expect, Map<String, String> echo) {
        cases.add(new Case(name, e.method(), target(e.path()), headers(h("Content-Type", JSON)), body, false, expect, echo));
    }

    static byte[] with(JsonObject valid, String field, String value) {
        return valid.copy().put(field, value).encode().getBytes(StandardCharsets.UTF_8);
    }

    /** The valid body with one field's value replaced by raw JSON text (which may be invalid JSON on purpose). */
    static byte[] withRaw(JsonObject valid, String field, String rawValue) {
        JsonObject copy = valid.copy();
        copy.remove(field);
        String rest = copy.encode();
        String body = "{\"" + field + "\":" + rawValue + (copy.isEmpty() ? "}" : "," + rest.substring(1));
        return body.getBytes(StandardCharsets.UTF_8);
    }

    /** The valid body with raw bytes placed inside one string field's value. */
    static byte[] spliceIntoString(JsonObject valid, String field, byte[] bytes) {
        String marker = "@@SPLICE@@";
        String text = new String(with(valid, field, "a" + marker + "b"), StandardCharsets.UTF_8);
        int at = text.indexOf(marker);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(text.substring(0, at).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes(text.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static byte[] target(String path) {
        return path.getBytes(StandardCharsets.UTF_8);
    }

    static List<String[]> headers(String[]... headers) {
        return List.of(headers);
    }

    static String[] h(String name, String value) {
        return new String[] { name, value };
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%02X", b & 0xff));
        }
        return out.toString();
    }
}
