package com.gladlabs.cofounder.content;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.gladlabs.cofounder.common.validation.OneOf;
import com.gladlabs.cofounder.common.validation.StorableText;
import com.gladlabs.cofounder.task.ApprovalStatus;
import com.gladlabs.cofounder.task.PublishMode;
import com.gladlabs.cofounder.task.TaskStatus;
import com.gladlabs.cofounder.task.TaskType;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The request and answer shapes of {@code /api/content}. */
public final class ContentApi {

    private ContentApi() {
    }

    @RegisterForReflection
    public record NewContentTask(
            @NotNull @OneOf(ContentTaskType.class) @Schema(ref = "ContentTaskType", required = true) String taskType,
            @NotBlank @Size(min = 3, max = 200) @StorableText String topic,
            @OneOf(ContentStyle.class) @Schema(ref = "ContentStyle") String style,
            @OneOf(ContentTone.class) @Schema(ref = "ContentTone") String tone,
            @Min(200) @Max(5000) Integer targetLength,
            @Size(max = 200) @StorableText String primaryKeyword,
            @Size(min = 1, max = 64) @StorableText String category,
            @Size(max = 20) @StorableText List<@NotBlank @Size(max = 50) String> tags,
            @OneOf(PublishMode.class) @Schema(ref = "PublishMode") String publishMode) {
    }

    @RegisterForReflection
    public record CreatedContentTask(UUID taskId, TaskType taskType, TaskStatus status, String topic, Instant createdAt,
            String pollingUrl) {
    }

    @RegisterForReflection
    public record ContentTask(UUID taskId, TaskStatus status, @Schema(nullable = true) ApprovalStatus approvalStatus, int progress,
            @Schema(nullable = true, description = "the generated article, once completed") Map<String, Object> result,
            @Schema(nullable = true) String error, Instant createdAt, Instant updatedAt) {
    }

    @RegisterForReflection
    public record Approval(
            @NotNull Boolean approved,
            @Size(max = 10_000) @StorableText String humanFeedback,
            @NotBlank @Size(max = 100) @StorableText String reviewerId) {
    }

    @RegisterForReflection
    public record ApprovalOutcome(UUID taskId, ApprovalStatus approvalStatus,
            @Schema(nullable = true) String publishedUrl, @Schema(nullable = true) Instant publishedAt) {
    }
}
