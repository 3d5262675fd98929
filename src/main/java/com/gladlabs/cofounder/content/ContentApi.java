package com.gladlabs.cofounder.content;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.gladlabs.cofounder.common.validation.OneOf;
import com.gladlabs.cofounder.common.validation.StorableText;
import com.gladlabs.cofounder.task.PublishMode;

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
            @NotNull @OneOf(ContentTaskType.class) String taskType,
            @NotBlank @Size(min = 3, max = 200) @StorableText String topic,
            @OneOf(ContentStyle.class) String style,
            @OneOf(ContentTone.class) String tone,
            @Min(200) @Max(5000) Integer targetLength,
            @Size(max = 200) @StorableText String primaryKeyword,
            @Size(min = 1, max = 64) @StorableText String category,
            @Size(max = 20) @StorableText List<@NotBlank @Size(max = 50) String> tags,
            @OneOf(PublishMode.class) String publishMode) {
    }

    @RegisterForReflection
    public record CreatedContentTask(UUID taskId, String taskType, String status, String topic, Instant createdAt,
            String pollingUrl) {
    }

    @RegisterForReflection
    public record ContentTask(UUID taskId, String status, String approvalStatus, int progress,
            Map<String, Object> result, String error, Instant createdAt, Instant updatedAt) {
    }

    @RegisterForReflection
    public record Approval(
            @NotNull Boolean approved,
            @Size(max = 10_000) @StorableText String humanFeedback,
            @NotBlank @Size(max = 100) @StorableText String reviewerId) {
    }

    @RegisterForReflection
    public record ApprovalOutcome(UUID taskId, String approvalStatus, String publishedUrl, Instant publishedAt) {
    }
}
