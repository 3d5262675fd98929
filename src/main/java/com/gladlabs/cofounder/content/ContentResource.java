package com.gladlabs.cofounder.content;

import java.net.URI;
import java.util.List;
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

import com.gladlabs.cofounder.common.problem.Problem;
import com.gladlabs.cofounder.common.problem.ProblemException;
import com.gladlabs.cofounder.content.ContentApi.Approval;
import com.gladlabs.cofounder.content.ContentApi.ApprovalOutcome;
import com.gladlabs.cofounder.content.ContentApi.ContentTask;
import com.gladlabs.cofounder.content.ContentApi.CreatedContentTask;
import com.gladlabs.cofounder.content.ContentApi.NewContentTask;
import com.gladlabs.cofounder.task.TaskResource;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/content/tasks}: content jobs, their progress and their approval. */
@Path("/api/content/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Content", description = "Content jobs: queue one, follow it, approve or reject what was generated")
public class ContentResource {

    private final ContentService service;

    public ContentResource(ContentService service) {
        this.service = service;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createContentTask", summary = "Queue a content job",
            description = "Repeating an Idempotency-Key returns the first job (200).")
    @Parameter(name = TaskResource.IDEMPOTENCY_KEY, in = ParameterIn.HEADER, description = "Makes the create safe to repeat: "
            + "1 to 128 visible ASCII characters", schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = 128))
    @APIResponse(responseCode = "201", description = "Queued; poll polling_url", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreatedContentTask.class)),
            headers = @Header(name = "Location", required = true, description = "The job's URL", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "200", description = "Replayed: the job first queued with this Idempotency-Key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreatedContentTask.class)),
            headers = @Header(name = "Idempotent-Replayed", required = true, description = "true", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "413", description = "The body is larger than the service accepts")
    @APIResponse(responseCode = "415", description = "The body is not application/json")
    @APIResponse(responseCode = "422", description = "A field breaks a rule")
    public CompletionStage<RestResponse<CreatedContentTask>> create(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "blog post", value = """
                    {"task_type": "blog_post", "topic": "Reactive Java on two cores", "style": "technical",
                     "tone": "professional", "target_length": 1500, "primary_keyword": "quarkus",
                     "tags": ["java"], "publish_mode": "draft"}
                    """))) NewContentTask request, @Context HttpHeaders headers) {
        String key = TaskResource.idempotencyKey(headers.getRequestHeader(TaskResource.IDEMPOTENCY_KEY));
        return service.create(request, key).thenApply(created -> {
            var task = created.task();
            String polling = "/api/content/tasks/" + task.id();
            CreatedContentTask body = new CreatedContentTask(task.id(), task.type(), task.status(),
                    task.topic(), task.createdAt(), polling);
            return created.replayed()
                    ? RestResponse.ResponseBuilder.ok(body).header("Idempotent-Replayed", "true").build()
                    : RestResponse.ResponseBuilder.<CreatedContentTask>created(URI.create(polling)).entity(body).build();
        });
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getContentTask", summary = "A content job's status, progress and, once completed, its result")
    @APIResponse(responseCode = "200", description = "The job", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ContentTask.class)))
    @APIResponse(responseCode = "404", description = "No such content job")
    public Uni<ContentTask> get(@PathParam("id") String id) {
        return service.get(TaskResource.taskId(id));
    }

    @POST
    @Path("/{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "approveContentTask", summary = "Approve (publish) or reject generated content")
    @APIResponse(responseCode = "200", description = "Approved (published, with its URL) or rejected")
    @APIResponse(responseCode = "404", description = "No such content job")
    @APIResponse(responseCode = "409", description = "The task is not awaiting approval")
    @APIResponse(responseCode = "413", description = "The body is larger than the service accepts")
    @APIResponse(responseCode = "415", description = "The body is not application/json")
    @APIResponse(responseCode = "422", description = "A field breaks a rule")
    public Uni<ApprovalOutcome> approve(@PathParam("id") String id, @RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "approve", value = """
                    {"approved": true, "human_feedback": "Ship it", "reviewer_id": "alice"}
                    """))) Approval approval) {
        return service.approve(TaskResource.taskId(id), approval);
    }

    @DELETE
    @Path("/{id}")
    // No body on success; a failure is a problem. A caller that accepts only problem+json (as a
    // client generated from the document does) is answered, not refused with 406.
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @Operation(operationId = "deleteContentTask", summary = "Delete a content job")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such content job")
    public CompletionStage<RestResponse<Void>> delete(@PathParam("id") String id) {
        return service.delete(TaskResource.taskId(id)).thenApply(nothing -> RestResponse.noContent());
    }
}
