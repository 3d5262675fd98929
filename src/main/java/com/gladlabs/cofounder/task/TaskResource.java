package com.gladlabs.cofounder.task;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.gladlabs.cofounder.common.QueryParameters;
import com.gladlabs.cofounder.common.problem.Problem;
import com.gladlabs.cofounder.common.problem.ProblemException;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/** {@code /api/tasks}: HTTP in, {@link TaskService} calls, HTTP out. */
@Path("/api/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks", description = "The work queue: create, read, change, list and delete tasks")
public class TaskResource {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String MERGE_PATCH = "application/merge-patch+json";

    private final TaskService service;

    public TaskResource(TaskService service) {
        this.service = service;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createTask", summary = "Create a task",
            description = "Repeating an Idempotency-Key returns the first task (200).")
    @Parameter(name = IDEMPOTENCY_KEY, in = ParameterIn.HEADER, description = "Makes the create safe to repeat: "
            + "1 to 128 visible ASCII characters", schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = 128))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TaskView.class)), headers = {
                    @Header(name = "Location", required = true, description = "The new task's URL", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "ETag", required = true, description = "The task's version", schema = @Schema(type = SchemaType.STRING)) })
    @APIResponse(responseCode = "200", description = "Replayed: the task first created with this Idempotency-Key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TaskView.class)),
            headers = { @Header(name = "ETag", required = true, description = "The task's version", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "Idempotent-Replayed", required = true, description = "true", schema = @Schema(type = SchemaType.STRING)) })
    @APIResponse(responseCode = "413", description = "The body is larger than the service accepts")
    @APIResponse(responseCode = "415", description = "The body is not application/json")
    @APIResponse(responseCode = "422", description = "A field breaks a rule")
    public CompletionStage<RestResponse<TaskView>> create(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "newsletter", value = """
                    {"title": "Q3 newsletter", "type": "newsletter", "priority": "high", "category": "marketing",
                     "tags": ["launch"], "topic": "What shipped this quarter", "target_length": 1200}
                    """))) NewTask task, @Context HttpHeaders headers) {
        String key = idempotencyKey(headers.getRequestHeader(IDEMPOTENCY_KEY));
        return service.create(task, key).thenApply(created -> created.replayed()
                ? RestResponse.ResponseBuilder.ok(created.task()).tag(etag(created.task()))
                        .header("Idempotent-Replayed", "true").build()
                : RestResponse.ResponseBuilder.<TaskView>created(URI.create("/api/tasks/" + created.task().id()))
                        .entity(created.task()).tag(etag(created.task())).build());
    }

    @GET
    @Operation(operationId = "listTasks", summary = "List tasks",
            description = "Filters, sorts, offset or keyset (cursor) pagination. An unknown, repeated or empty parameter is a 400.")
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "Tasks per page",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "20"))
    @Parameter(name = "offset", in = ParameterIn.QUERY, description = "Tasks to skip (not with cursor)",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0"))
    @Parameter(name = "status", in = ParameterIn.QUERY, description = "One status or a comma-separated list",
            schema = @Schema(type = SchemaType.STRING, example = "pending,in_progress"))
    @Parameter(name = "type", in = ParameterIn.QUERY, schema = @Schema(ref = "TaskType"))
    @Parameter(name = "category", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "priority", in = ParameterIn.QUERY, schema = @Schema(ref = "TaskPriority"))
    @Parameter(name = "created_by", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "tag", in = ParameterIn.QUERY, description = "Tasks carrying this tag", schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "q", in = ParameterIn.QUERY, description = "Text searched in title and description",
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "sort", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING,
            enumeration = { "-created_at", "created_at", "-updated_at", "-priority" }, defaultValue = "-created_at"))
    @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "next_cursor of the previous page, with the same filters",
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "total", in = ParameterIn.QUERY, description = "false skips counting the matching tasks (total is then null)",
            schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "true"))
    public CompletionStage<TaskService.TaskPage> list(@Context UriInfo uri) {
        return service.list(TaskListQuery.parse(uri.getQueryParameters()));
    }

    @GET
    @Path("/drafts")
    @Operation(operationId = "listDrafts", summary = "Completed tasks awaiting approval, newest first")
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "Tasks per page",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "20"))
    @Parameter(name = "offset", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0"))
    public Uni<TaskService.DraftPage> drafts(@Context UriInfo uri) {
        int[] page = TaskListQuery.page(uri.getQueryParameters());
        return service.drafts(page[0], page[1]);
    }

    @GET
    @Path("/stats")
    @Operation(operationId = "taskStats", summary = "Counts by status and type, success rate and mean duration")
    public Uni<TaskService.TaskStats> stats(@Context UriInfo uri) {
        // No parameters: one sent is a 400 naming it, as on the listings.
        new QueryParameters(uri.getQueryParameters(), Set.of()).done();
        return service.stats();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getTask", summary = "Get a task")
    @Parameter(name = "If-None-Match", in = ParameterIn.HEADER, description = "ETags the caller holds (or *): 304 when one is current",
            schema = @Schema(type = SchemaType.STRING))
    @APIResponse(responseCode = "200", description = "The task, with its ETag", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TaskView.class)), headers = @Header(name = "ETag", required = true,
                    description = "The task's version", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "304", description = "If-None-Match holds the current ETag", headers = @Header(name = "ETag",
            required = true, description = "The task's version", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = "No such task")
    // Most reads by id are answered before RESTEasy by TaskReadRoute, with the same service call and answer;
    // this method documents the operation and answers what the route passes on (HEAD, negotiated Accept, a bad id).
    public CompletionStage<RestResponse<TaskBody>> get(@PathParam("id") String id, @Context HttpHeaders headers) {
        String ifNoneMatch = headers.getHeaderString(HttpHeaders.IF_NONE_MATCH);
        return service.get(taskId(id)).thenApply(task -> notModified(ifNoneMatch, task)
                ? RestResponse.ResponseBuilder.<TaskBody>notModified(etag(task)).build()
                : RestResponse.ResponseBuilder.<TaskBody>ok(task).tag(etag(task)).build());
    }

    @PATCH
    @Path("/{id}")
    @Consumes({ MERGE_PATCH, MediaType.APPLICATION_JSON })
    @Operation(operationId = "patchTask", summary = "Change a task (JSON merge patch)",
            description = "If-Match makes the change conditional.")
    @Parameter(name = "If-Match", in = ParameterIn.HEADER, description = "The ETag the change is for (or *): 412 when the task has moved on",
            schema = @Schema(type = SchemaType.STRING))
    @APIResponse(responseCode = "200", description = "The changed task, with its new ETag", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TaskView.class)), headers = @Header(
                    name = "ETag", required = true, description = "The task's new version", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = "No such task")
    @APIResponse(responseCode = "413", description = "The body is larger than the service accepts")
    @APIResponse(responseCode = "415", description = "The body is neither application/merge-patch+json nor application/json")
    @APIResponse(responseCode = "422", description = "The patched task breaks a rule")
    @APIResponse(responseCode = "409", description = "The status move is not allowed, or the slug belongs to another task")
    @APIResponse(responseCode = "412", description = "If-Match does not hold the current version")
    public CompletionStage<RestResponse<TaskView>> patch(@PathParam("id") String id,
            @RequestBody(required = true, content = {
                    @Content(mediaType = MERGE_PATCH, schema = @Schema(implementation = TaskChanges.class),
                            examples = @ExampleObject(name = "start",
                                    value = "{\"status\": \"in_progress\", \"progress\": 10, \"description\": null}")),
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TaskChanges.class)) })
            JsonNode patch, @Context HttpHeaders headers) {
        UUID taskId = taskId(id);
        IfMatch ifMatch = IfMatch.parse(headers.getRequestHeader(HttpHeaders.IF_MATCH));
        return service.patch(taskId, patch, ifMatch)
                .thenApply(task -> RestResponse.ResponseBuilder.ok(task).tag(etag(task)).build());
    }

    @DELETE
    @Path("/{id}")
    // No body on success; a failure is a problem. A caller that accepts only problem+json (as a
    // client generated from the document does) is answered, not refused with 406.
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @Operation(operationId = "deleteTask", summary = "Delete a task")
    @Parameter(name = "If-Match", in = ParameterIn.HEADER, description = "The ETag the delete is for (or *): 412 when the task has moved on",
            schema = @Schema(type = SchemaType.STRING))
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "412", description = "If-Match does not hold the current version")
    @APIResponse(responseCode = "404", description = "No such task")
    public CompletionStage<RestResponse<Void>> delete(@PathParam("id") String id, @Context HttpHeaders headers) {
        UUID taskId = taskId(id);
        IfMatch ifMatch = IfMatch.parse(headers.getRequestHeader(HttpHeaders.IF_MATCH));
        return service.delete(taskId, ifMatch).thenApply(nothing -> RestResponse.noContent());
    }

    /** A task id from the path: a UUID in its canonical form, or a 400 naming the id. */
    public static UUID taskId(String id) {
        if (!canonicalUuid(id)) {
            throw ProblemException.badRequest("id", "must be a UUID");
        }
        return UUID.fromString(id);
    }

    /** 8-4-4-4-12 hex digits (either case); checked by hand: a regex match was 2.5% of a read's CPU. */
    static boolean canonicalUuid(String id) {
        if (id.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = id.charAt(i);
            boolean ok = (i == 8 || i == 13 || i == 18 || i == 23) ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The Idempotency-Key header: absent, or 1..128 visible ASCII characters given once. */
    public static String idempotencyKey(List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ProblemException.badRequest(IDEMPOTENCY_KEY, "must be given once");
        }
        String key = values.get(0);
        if (key.isEmpty() || key.length() > 128 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw ProblemException.badRequest(IDEMPOTENCY_KEY, "must be 1 to 128 visible ASCII characters");
        }
        return key;
    }

    private static EntityTag etag(TaskBody task) {
        return new EntityTag(task.etag());
    }

    static boolean notModified(String ifNoneMatch, TaskBody task) {
        if (ifNoneMatch == null) {
            return false;
        }
        String current = "\"" + task.etag() + "\"";
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(current) || t.equals("W/" + current)) {
                return true;
            }
        }
        return false;
    }
}
