package com.gladlabs.cofounder.task;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A task as the API shows it: every column but the idempotency key, under the column names. */
@RegisterForReflection
public record TaskView(
        UUID id,
        String title,
        @Schema(nullable = true) String description,
        TaskType type,
        TaskStatus status,
        TaskPriority priority,
        String category,
        List<String> tags,
        List<String> assignedAgents,
        String createdBy,
        @Schema(nullable = true) String topic,
        @Schema(nullable = true) String primaryKeyword,
        @Schema(nullable = true) String style,
        @Schema(nullable = true) String tone,
        @Schema(nullable = true) Integer targetLength,
        @Schema(nullable = true) PublishMode publishMode,
        @Schema(nullable = true) String content,
        @Schema(nullable = true) String slug,
        @Schema(nullable = true) Integer qualityScore,
        @Schema(nullable = true) Map<String, Object> result,
        @Schema(nullable = true) String errorMessage,
        int progress,
        int attempts,
        @Schema(nullable = true) ApprovalStatus approvalStatus,
        @Schema(nullable = true) String reviewedBy,
        @Schema(nullable = true) String reviewFeedback,
        @Schema(nullable = true) Instant publishedAt,
        Map<String, Object> metadata,
        long version,
        Instant createdAt,
        Instant updatedAt,
        @Schema(nullable = true) Instant startedAt,
        @Schema(nullable = true) Instant completedAt) implements TaskBody {

    public static TaskView of(Task t) {
        return new TaskView(t.id, t.title, t.description, t.type, t.status, t.priority, t.category, t.tags,
                t.assignedAgents, t.createdBy, t.topic, t.primaryKeyword, t.style, t.tone, t.targetLength,
                t.publishMode, t.content, t.slug, t.qualityScore, t.result, t.errorMessage, t.progress, t.attempts,
                t.approvalStatus, t.reviewedBy, t.reviewFeedback, t.publishedAt, t.metadata, t.version,
                t.createdAt, t.updatedAt, t.startedAt, t.completedAt);
    }

    @Override
    public String etag() {
        return Long.toString(version);
    }
}
