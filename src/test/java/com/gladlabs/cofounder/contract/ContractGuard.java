package com.gladlabs.cofounder.contract;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gladlabs.cofounder.Tokens;

import io.restassured.RestAssured;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * The contract guard: every call a test makes under {@code /api} is checked against the OpenAPI
 * document the application under test serves at {@code /q/openapi}, so a field, header or status
 * the document does not describe fails the test that met it.
 * <p>
 * The answer is always checked: every status, header and body the service sends must be in the
 * document, and objects may hold no property it does not name. The request is checked when the
 * service accepted it (an answer below 400): a request the service takes must be one the document
 * allows. A request answered 4xx is the test's deliberate bad input; only its answer is checked.
 * Security requirements are not checked on requests: the tests run with authentication off unless
 * they test it, and the 401/403 answers are checked like any other. What the router answers for a
 * path or method no operation has (404, 405, a preflight) is outside the document.
 */
public final class ContractGuard implements OrderedFilter {

    private static final ContractGuard INSTANCE = new ContractGuard();
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * HTTP/1.1: the JDK client's default first asks a plain-text server to upgrade to HTTP/2 (h2c), and
     * misreads a large answer whose HTTP/2 frames arrive in the same read as the 101. The service no
     * longer upgrades ({@code quarkus.http.http2=false}, {@code HttpUpgradeTest}); the guard asks for
     * HTTP/1.1 anyway, so that it reads the document whatever a deployment sets.
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final LevelResolver LEVELS = LevelResolver.create()
            // Every object is closed: a property the document does not name is an error.
            .withLevel("validation.schema.additionalProperties", ValidationReport.Level.ERROR)
            .withLevel("validation.request.security", ValidationReport.Level.IGNORE)
            // A body sent with GET or DELETE has no meaning in HTTP; the service ignores it.
            .withLevel("validation.request.body.unexpected", ValidationReport.Level.IGNORE)
            .build();

    /** One validator per served document, parsed once. */
    private static final Map<String, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();
    /** The document each application (base URL) serves; forgotten when a test class starts. */
    private static final Map<String, String> DOCUMENTS = new ConcurrentHashMap<>();

    private static boolean installed;

    private ContractGuard() {
    }

    /** Adds the guard to RestAssured's global filters, once per JVM. */
    public static synchronized void install() {
        if (!installed) {
            RestAssured.filters(INSTANCE);
            installed = true;
        }
    }

    /** The application may have restarted with other settings: read its document again. */
    public static void forgetDocuments() {
        DOCUMENTS.clear();
    }

    @Override
    public int getOrder() {
        // After the filters that complete the request (a token), before anything that reads the answer.
        return OrderedFilter.LOWEST_PRECEDENCE;
    }

    @Override
    public io.restassured.response.Response filter(FilterableRequestSpecification request,
            FilterableResponseSpecification responseSpec, FilterContext context) {
        io.restassured.response.Response response = context.next(request, responseSpec);
        URI uri = URI.create(request.getURI());
        if (uri.getPath() == null || !uri.getPath().startsWith("/api/")) {
            return response;
        }
        Request checkedRequest = RestAssuredRequest.of(request);
        check(uri, checkedRequest, RestAssuredResponse.of(response));
        return response;
    }

    /**
     * Checks an exchange made with the JDK's HTTP client. The client keeps no request body, so the
     * request is checked only when {@code requestBody} is given (or the request had none); the answer
     * always, its body when it was read as text (an event stream's never-ending body is not).
     */
    public static <T> HttpResponse<T> checked(HttpResponse<T> response, String requestBody) {
        check(response, requestBody, response.body() instanceof String text ? text : null);
        return response;
    }

    /** As {@link #checked}, with the answer's body as the caller read it (null: not read). */
    public static void check(HttpResponse<?> response, String requestBody, String responseBody) {
        HttpRequest sent = response.request();
        boolean bodyKnown = requestBody != null || sent.bodyPublisher().map(p -> p.contentLength() == 0).orElse(true);
        check(sent.method(), response.uri(), sent.headers().map(), requestBody, bodyKnown, response.statusCode(),
                response.headers().map(), responseBody);
    }

    /**
     * The differences between one exchange made over a raw socket and the document, or null when
     * there are none (for a test that collects them).
     */
    public static String differences(String method, URI uri, Map<String, List<String>> requestHeaders, String requestBody,
            int status, Map<String, List<String>> responseHeaders, String responseBody) {
        if (java.util.Arrays.stream(Request.Method.values()).noneMatch(m -> m.name().equals(method))) {
            return null; // PROPFIND and the like: no OpenAPI operation can have them; the router answers.
        }
        try {
            if (status < 400 && representable(requestHeaders, requestBody)) {
                check(method, uri, requestHeaders, requestBody, true, status, responseHeaders, responseBody);
            } else {
                // Only the answer: the request was refused, or names a charset no JVM knows (a
                // header the service ignores on a GET), which the validator cannot read.
                check(method, uri, Map.of(), null, false, status, responseHeaders, responseBody);
            }
            return null;
        } catch (AssertionError e) {
            return e.getMessage();
        }
    }

    private static boolean representable(Map<String, List<String>> headers, String body) {
        try {
            SimpleRequest.Builder probe = new SimpleRequest.Builder("POST", "/");
            headers.forEach(probe::withHeader);
            probe.withBody(body == null ? "" : body).build();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void check(String method, URI uri, Map<String, List<String>> requestHeaders, String requestBody,
            boolean requestKnown, int status, Map<String, List<String>> responseHeaders, String responseBody) {
        if (uri.getPath() == null || !uri.getPath().startsWith("/api/")) {
            return;
        }
        SimpleRequest.Builder request = new SimpleRequest.Builder(method, uri.getRawPath());
        requestHeaders.forEach(request::withHeader);
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                request.withQueryParam(decode(eq < 0 ? pair : pair.substring(0, eq)), decode(eq < 0 ? "" : pair.substring(eq + 1)));
            }
        }
        if (requestBody != null) {
            request.withBody(requestBody);
        }
        SimpleResponse.Builder answer = SimpleResponse.Builder.status(status);
        responseHeaders.forEach(answer::withHeader);
        if (responseBody != null) {
            answer.withBody(responseBody);
        }
        check(uri, request.build(), answer.build(), requestKnown);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** Checks one exchange made by any client; throws an AssertionError naming every difference. */
    public static void check(URI uri, Request request, Response response) {
        check(uri, request, response, true);
    }

    /** As above; the request only where {@code requestKnown}. */
    private static void check(URI uri, Request request, Response response, boolean requestKnown) {
        OpenApiInteractionValidator validator = validatorFor(uri);
        ValidationReport report;
        // One exchange at a time per validator: its schema cache, filled on first use, failed once with a
        // ConcurrentModificationException under a test that sends requests concurrently (AdmissionGateTest in CI).
        synchronized (validator) {
            report = report(validator, uri, request, response, requestKnown);
        }
        if (report.hasErrors()) {
            String messages = report.getMessages().stream()
                    .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                    .map(m -> "  - " + m.getKey() + ": " + m.getMessage())
                    .collect(Collectors.joining("\n"));
            throw new AssertionError("The OpenAPI document does not describe " + request.getMethod() + " "
                    + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " answered "
                    + response.getStatus() + ":\n" + messages + "\nbody: " + response.getBody().map(ContractGuard::shorten).orElse(""));
        }
    }

    private static ValidationReport report(OpenApiInteractionValidator validator, URI uri, Request request, Response response,
            boolean requestKnown) {
        int status = response.getStatus();
        ValidationReport routing = validator.validateRequest(request);
        if (normalisedByTheRouter(uri) || status == 405 || request.getMethod() == Request.Method.OPTIONS) {
            // A path the router normalises before matching (//, dot segments, ;matrix parameters,
            // escaped unreserved characters: OpenAPI's path model has none of them), the router's 405,
            // or OPTIONS (CORS preflight): not exchanges of the document.
            return ValidationReport.empty();
        } else if (has(routing, "validation.request.path.missing") && status >= 400 && status < 500) {
            // No operation has this path (as the validator decodes it, %2F included): the 404 or 400
            // of the router, a problem like any other, not an exchange of the document.
            return ValidationReport.empty();
        } else if (has(routing, "validation.request.operation.notAllowed")
                && (status == 405 || request.getMethod() == Request.Method.OPTIONS
                        || request.getMethod() == Request.Method.HEAD)) {
            // A method no operation has: the router's 405, its answer to OPTIONS (CORS preflight), or
            // HEAD, which HTTP defines for every GET as the same answer without its body.
            return ValidationReport.empty();
        } else if (status == 403 && !request.getHeaderValues("Origin").isEmpty()
                && response.getHeaderValues("Access-Control-Allow-Origin").isEmpty()
                && response.getBody().map(String::isEmpty).orElse(true)) {
            // Quarkus' CORS handler refuses an origin it does not allow before any route of ours runs:
            // an empty 403 without X-Request-Id (README, Errors). Only a browser meets it.
            return ValidationReport.empty();
        } else if (status < 400 && requestKnown) {
            return validator.validate(request, response);
        }
        return validator.validateResponse(uri.getRawPath(), request.getMethod(), response);
    }

    private static final java.util.regex.Pattern UNRESERVED_ESCAPE = java.util.regex.Pattern
            .compile("%(?:[46][1-9A-Fa-f]|[57][0-9Aa]|3[0-9]|2[DdEe]|5[Ff]|7[Ee])");

    static boolean normalisedByTheRouter(URI uri) {
        String path = uri.getRawPath();
        return path.contains("//") || path.contains(";") || path.contains("/./") || path.contains("/../")
                || path.endsWith("/.") || path.endsWith("/..") || uri.getRawFragment() != null
                || UNRESERVED_ESCAPE.matcher(path).find();
    }

    private static boolean has(ValidationReport report, String key) {
        return report.getMessages().stream().anyMatch(m -> m.getKey().equals(key));
    }

    private static OpenApiInteractionValidator validatorFor(URI uri) {
        String base = uri.getScheme() + "://" + uri.getAuthority();
        String document = DOCUMENTS.computeIfAbsent(base, ContractGuard::fetch);
        return VALIDATORS.computeIfAbsent(document, text -> OpenApiInteractionValidator
                .createForInlineApiSpecification(forValidator(text)).withLevelResolver(LEVELS).build());
    }

    /**
     * The document in a form the validator reads as meant. OpenAPI 3.0 says "this reference, or
     * null" as {@code {allOf: [{$ref}], nullable: true}}; the validator checks the allOf member
     * against null and fails. Each such wrapper is replaced by a copy of the referenced schema with
     * {@code nullable: true} (and null among its enumeration, as 3.0.3 asks) — the same set of values.
     */
    static String forValidator(String document) {
        try {
            JsonNode root = JSON.readTree(document);
            JsonNode schemas = root.path("components").path("schemas");
            inlineNullableReferences(root, schemas);
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new AssertionError("The served OpenAPI document is not JSON", e);
        }
    }

    private static void inlineNullableReferences(JsonNode node, JsonNode schemas) {
        if (node instanceof ObjectNode object) {
            object.properties().forEach(entry -> {
                JsonNode value = entry.getValue();
                if (value instanceof ObjectNode candidate && candidate.path("nullable").asBoolean(false)
                        && candidate.path("allOf").size() == 1 && candidate.path("allOf").get(0).has("$ref")) {
                    String ref = candidate.path("allOf").get(0).path("$ref").asText();
                    ObjectNode copy = ((ObjectNode) schemas.path(ref.substring(ref.lastIndexOf('/') + 1))).deepCopy();
                    copy.put("nullable", true);
                    if (copy.has("enum")) {
                        ((ArrayNode) copy.get("enum")).addNull();
                    }
                    if (candidate.has("description")) {
                        copy.set("description", candidate.get("description"));
                    }
                    entry.setValue(copy);
                }
            });
            object.elements().forEachRemaining(child -> inlineNullableReferences(child, schemas));
        } else if (node instanceof ArrayNode array) {
            array.elements().forEachRemaining(child -> inlineNullableReferences(child, schemas));
        }
    }

    /** The served document; with a token when the application keeps it closed. */
    private static String fetch(String base) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/openapi?format=json"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 401) {
                answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/openapi?format=json"))
                        .header("Authorization", "Bearer " + Tokens.withRoles("tasks:read"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            }
            if (answer.statusCode() != 200) {
                throw new AssertionError("The contract guard could not read " + base + "/q/openapi: "
                        + answer.statusCode() + " " + shorten(answer.body()));
            }
            return answer.body();
        } catch (IOException e) {
            throw new AssertionError("The contract guard could not read " + base + "/q/openapi", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while reading the OpenAPI document", e);
        }
    }

    private static String shorten(String text) {
        return text.length() > 600 ? text.substring(0, 600) + "..." : text;
    }

    static List<String> documentsRead() {
        return List.copyOf(DOCUMENTS.keySet());
    }
}
