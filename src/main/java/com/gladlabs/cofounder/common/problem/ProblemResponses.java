package com.gladlabs.cofounder.common.problem;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Documents the one error format on every API operation, in one place as it is made in one place
 * ({@link ProblemMapper}): a {@code Problem} schema, every 4xx/5xx response as
 * {@code application/problem+json}, and the answers any operation can give (400 for bad input,
 * 503 when the database is unreachable or busy), each with an example. Applied when the document is
 * built (by {@code api/OpenApiDocument}, the mp.openapi.filter).
 */
public class ProblemResponses implements OASFilter {

    private static final String REF = "#/components/schemas/Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        components.addSchema("FieldError", OASFactory.createSchema().addType(SchemaType.OBJECT)
                .addProperty("field", string("the body member, query parameter or header"))
                .addProperty("message", string("what is wrong with it")));
        components.addSchema("Problem", OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("RFC 9457 problem details: the body of every error")
                .addProperty("type", string("a URN naming the kind of problem"))
                .addProperty("title", string("short summary"))
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER))
                .addProperty("detail", string("what happened, for a human"))
                .addProperty("instance", string("the request path"))
                .addProperty("errors", OASFactory.createSchema().addType(SchemaType.ARRAY)
                        .items(OASFactory.createSchema().ref("#/components/schemas/FieldError")))
                .required(List.of("type", "title", "status")));
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                operations(item).forEach(operation -> document(path, operation));
            }
        });
    }

    private static void document(String path, Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        var responses = operation.getResponses();
        if (!responses.hasAPIResponse("400")) {
            responses.addAPIResponse("400", problem("Bad input: each wrong field, parameter or header is named",
                    Map.of("type", "urn:cofounder:problem:bad-request", "title", "Bad request", "status", 400,
                            "detail", "The request has invalid fields", "instance", path,
                            "errors", List.of(Map.of("field", "limit", "message", "must be an integer from 1 to 100")))));
        }
        if (!responses.hasAPIResponse("503")) {
            responses.addAPIResponse("503", problem(
                    "The database is unreachable or no connection came free in time; retry after Retry-After seconds",
                    Map.of("type", "urn:cofounder:problem:service-unavailable", "title", "Service unavailable",
                            "status", 503, "detail", "The database is not available; retry shortly", "instance", path)));
        }
        responses.getAPIResponses().forEach((code, response) -> {
            if ((code.startsWith("4") || code.startsWith("5")) && response.getContent() == null) {
                response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(REF))));
            }
        });
    }

    /** A problem+json answer with that description (and example, when not null). */
    public static APIResponse problem(String description, Map<String, Object> example) {
        var media = OASFactory.createMediaType().schema(OASFactory.createSchema().ref(REF));
        if (example != null) {
            media.example(example);
        }
        Content content = OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, media);
        return OASFactory.createAPIResponse().description(description).content(content);
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(SchemaType.STRING).description(description);
    }

    private static List<Operation> operations(PathItem item) {
        return item.getOperations() == null ? List.of() : List.copyOf(item.getOperations().values());
    }
}
