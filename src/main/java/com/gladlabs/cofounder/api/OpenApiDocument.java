package com.gladlabs.cofounder.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

import com.gladlabs.cofounder.common.LabeledEnum;
import com.gladlabs.cofounder.common.problem.Problem;
import com.gladlabs.cofounder.common.problem.ProblemResponses;
import com.gladlabs.cofounder.common.security.AccessControl;
import com.gladlabs.cofounder.common.security.Roles;
import com.gladlabs.cofounder.common.web.RequestIds;
import com.gladlabs.cofounder.content.ContentStyle;
import com.gladlabs.cofounder.content.ContentTaskType;
import com.gladlabs.cofounder.content.ContentTone;

import io.smallrye.openapi.internal.models.media.SchemaSupport;

import io.vertx.core.http.HttpMethod;

/**
 * The rules that make the served OpenAPI document say what the service does, applied to what
 * SmallRye OpenAPI reads off the resources and records (mp.openapi.filter, at build time):
 * <ul>
 * <li>errors: {@link ProblemResponses};</li>
 * <li>answers: every property of a response object is always written ({@code null} included), so
 * each is required; which may be null is said on the record component
 * ({@code @Schema(nullable = true)});</li>
 * <li>request bodies: a property that is not required may also be sent as {@code null}, which means
 * the same as leaving it out (for a merge patch, removing it); a merge patch requires nothing;</li>
 * <li>security: each operation names the bearer scheme and the role {@link AccessControl} asks for,
 * with its 401 and 403 answers;</li>
 * <li>406 when Accept admits nothing the operation answers with; headers every answer carries:
 * {@code X-Request-Id}; {@code Retry-After} on a 503 problem;</li>
 * <li>enumerations that travel as strings in request bodies get their schemas; unused schemas go.</li>
 * </ul>
 */
public class OpenApiDocument implements OASFilter {

    static final String SECURITY_SCHEME = "bearer";
    private static final String SCHEMAS = "#/components/schemas/";
    private static final String PATCH_SCHEMA = "TaskPatch";
    private static final List<Class<? extends LabeledEnum>> REQUEST_ENUMS = List.of(ContentTaskType.class,
            ContentStyle.class, ContentTone.class);

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        new ProblemResponses().filterOpenAPI(openAPI);
        if (openAPI.getPaths() == null || openAPI.getComponents() == null) {
            return;
        }
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        for (Class<? extends LabeledEnum> type : REQUEST_ENUMS) {
            openAPI.getComponents().addSchema(type.getSimpleName(), OASFactory.createSchema()
                    .addType(SchemaType.STRING).enumeration(new ArrayList<>(LabeledEnum.labels(type))));
        }
        Set<String> requests = new HashSet<>();
        Set<String> responses = new HashSet<>();
        openAPI.getPaths().getPathItems().forEach((path, item) -> operations(item).forEach((method, operation) -> {
            if (operation.getRequestBody() != null) {
                reach(operation.getRequestBody().getContent(), schemas, requests);
            }
            if (operation.getResponses() != null) {
                operation.getResponses().getAPIResponses().values()
                        .forEach(response -> reach(response.getContent(), schemas, responses));
            }
            if (path.startsWith("/api/")) {
                uuidIds(operation);
                secure(path, method, operation);
                headers(operation);
            }
        }));
        schemas.forEach((name, schema) -> {
            if (schema.getProperties() == null) {
                return;
            }
            typedNullableReferences(schema, schemas);
            if (requests.contains(name)) {
                nullableUnlessRequired(schema, schemas);
                if (name.equals(PATCH_SCHEMA)) {
                    schema.setRequired(null);
                }
            } else if (responses.contains(name) && schema.getRequired() == null) {
                schema.setRequired(new ArrayList<>(schema.getProperties().keySet()));
            }
        });
        Set<String> used = new HashSet<>(requests);
        used.addAll(responses);
        new ArrayList<>(schemas.keySet()).stream().filter(name -> !used.contains(name))
                .forEach(openAPI.getComponents()::removeSchema);
    }

    /** The names of the component schemas a content (and what they hold) refers to. */
    private static void reach(Content content, Map<String, Schema> schemas, Set<String> into) {
        if (content == null || content.getMediaTypes() == null) {
            return;
        }
        content.getMediaTypes().values().forEach(media -> reach(media.getSchema(), schemas, into));
    }

    private static void reach(Schema schema, Map<String, Schema> schemas, Set<String> into) {
        if (schema == null) {
            return;
        }
        if (schema.getRef() != null) {
            String name = schema.getRef().substring(schema.getRef().lastIndexOf('/') + 1);
            if (into.add(name)) {
                reach(schemas.get(name), schemas, into);
            }
            return;
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(property -> reach(property, schemas, into));
        }
        reach(schema.getItems(), schemas, into);
        if (schema.getAdditionalPropertiesSchema() != null) {
            reach(schema.getAdditionalPropertiesSchema(), schemas, into);
        }
        Stream.of(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf()).filter(Objects::nonNull)
                .flatMap(List::stream).forEach(member -> reach(member, schemas, into));
    }

    private static void nullableUnlessRequired(Schema schema, Map<String, Schema> schemas) {
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        Map<String, Schema> properties = new LinkedHashMap<>(schema.getProperties());
        properties.replaceAll((name, property) -> required.contains(name) ? property : nullable(property, schemas));
        schema.setProperties(properties);
    }

    /**
     * The property, accepting null too. A reference becomes {@code {type, nullable: true, allOf: [$ref]}}:
     * OpenAPI 3.0 ignores the siblings of $ref, and {@code nullable} needs a {@code type} beside it
     * (the referenced schema's).
     */
    private static Schema nullable(Schema property, Map<String, Schema> schemas) {
        if (property.getRef() != null) {
            return nullableReference(property.getRef(), schemas);
        }
        SchemaSupport.setNullable(property, Boolean.TRUE);
        return property;
    }

    private static Schema nullableReference(String ref, Map<String, Schema> schemas) {
        Schema target = schemas.get(ref.substring(ref.lastIndexOf('/') + 1));
        Schema wrapper = OASFactory.createSchema().addAllOf(OASFactory.createSchema().ref(ref));
        if (target != null && target.getType() != null) {
            target.getType().stream().filter(type -> type != SchemaType.NULL).forEach(wrapper::addType);
        }
        return wrapper.addType(SchemaType.NULL);
    }

    /**
     * What SmallRye makes of {@code @Schema(nullable = true)} on a reference ("that or null", anyOf),
     * in the same form as {@link #nullable}.
     */
    private static void typedNullableReferences(Schema schema, Map<String, Schema> schemas) {
        if (schema.getProperties() == null) {
            return;
        }
        Map<String, Schema> properties = new LinkedHashMap<>(schema.getProperties());
        properties.replaceAll((name, property) -> {
            List<Schema> anyOf = property.getAnyOf();
            if (property.getRef() == null && anyOf != null && anyOf.size() == 2) {
                Schema ref = anyOf.stream().filter(member -> member.getRef() != null).findFirst().orElse(null);
                boolean orNull = anyOf.stream().anyMatch(member -> member.getType() != null
                        && member.getType().equals(List.of(SchemaType.NULL)));
                if (ref != null && orNull) {
                    Schema typed = nullableReference(ref.getRef(), schemas);
                    typed.setDescription(property.getDescription());
                    return typed;
                }
            }
            return property;
        });
        schema.setProperties(properties);
    }

    /** Every {id} in a path is a task id: a UUID. */
    private static void uuidIds(Operation operation) {
        if (operation.getParameters() != null) {
            operation.getParameters().stream()
                    .filter(p -> p.getIn() == Parameter.In.PATH && p.getName().equals("id"))
                    .forEach(p -> p.description("The task's id").schema(OASFactory.createSchema()
                            .addType(SchemaType.STRING).format("uuid")));
        }
    }

    private static void secure(String path, HttpMethod method, Operation operation) {
        String role = AccessControl.roleFor(method, path);
        if (role == null) {
            // Open by default (no security: an empty list); an operator may close it
            // (COFOUNDER_AUTH_HEALTH_OPEN=false).
            operation.setSecurity(new ArrayList<>());
            operation.getResponses().addAPIResponse("401", ProblemResponses.problem(
                    "Only when closed by configuration: no bearer token, or a refused one", null));
            operation.getResponses().addAPIResponse("403", ProblemResponses.problem(
                    "Only when closed by configuration: the token lacks the role " + Roles.TASKS_READ, null));
            return;
        }
        operation.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(SECURITY_SCHEME));
        operation.addExtension("x-required-role", role);
        String needs = "Needs a bearer token with the role `" + role + "` when authentication is on.";
        operation.setDescription(operation.getDescription() == null ? needs : operation.getDescription() + " " + needs);
        var responses = operation.getResponses();
        if (!responses.hasAPIResponse("401")) {
            responses.addAPIResponse("401", ProblemResponses.problem(
                    "No bearer token, or one that is expired, forged or not for this service", null));
            responses.getAPIResponse("401").addHeader("WWW-Authenticate", header("Bearer, with the error when a token was refused", true));
        }
        if (!responses.hasAPIResponse("403")) {
            responses.addAPIResponse("403", ProblemResponses.problem("The token lacks the role " + role, null));
        }
    }

    private static void headers(Operation operation) {
        if (!operation.getResponses().hasAPIResponse("406")) {
            operation.getResponses().addAPIResponse("406", ProblemResponses.problem(
                    "The Accept header admits none of the media types this operation answers with", null));
        }
        operation.getResponses().getAPIResponses().forEach((code, response) -> {
            response.addHeader(RequestIds.HEADER, header("The id of this request, as logged (a caller's own id when it sent a valid one)", true));
            if (code.equals("503") && response.getContent() != null
                    && response.getContent().hasMediaType(Problem.MEDIA_TYPE)) {
                response.addHeader("Retry-After", header("Seconds to wait before trying again", true)
                        .schema(OASFactory.createSchema().addType(SchemaType.INTEGER).minimum(BigDecimal.ZERO)));
            }
        });
    }

    static Header header(String description, boolean required) {
        return OASFactory.createHeader().description(description).required(required)
                .schema(OASFactory.createSchema().addType(SchemaType.STRING));
    }

    private static Map<HttpMethod, Operation> operations(PathItem item) {
        Map<HttpMethod, Operation> operations = new LinkedHashMap<>();
        if (item.getOperations() != null) {
            item.getOperations().forEach((method, operation) -> operations.put(HttpMethod.valueOf(method.name()), operation));
        }
        return operations;
    }
}
