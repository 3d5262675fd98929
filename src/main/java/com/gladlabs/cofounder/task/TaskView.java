package com.gladlabs.cofounder.task;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A task as the API shows it: every column but the idempotency key, under the column names. */
@RegisterForReflection
public record TaskView(
        UUID id,
        String title,
        String description,
        TaskType type,
        TaskStatus status,
        TaskPriority priority,
        String category,
        List<String> tags,
        List<String> assignedAgents,
        String createdBy,
        String topic,
        String primaryKeyword,
        String style,
        String tone,
        Integer targetLength,
        PublishMode publishMode,
        String content,
        String slug,
        Integer qualityScore,
        Map<String, Object> result,
        String errorMessage,
        int progress,
        int attempts,
        ApprovalStatus approvalStatus,
        String reviewedBy,
        String reviewFeedback,
        Instant publishedAt,
        Map<String, Object> metadata,
        long version,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant completedAt) {

    public static TaskView of(Task t) {
        return new TaskView(t.id, t.title, t.description, t.type, t.status, t.priority, t.category, t.tags,
                t.assignedAgents, t.createdBy, t.topic, t.primaryKeyword, t.style, t.tone, t.targetLength,
                t.publishMode, t.content, t.slug, t.qualityScore, t.result, t.errorMessage, t.progress, t.attempts,
                t.approvalStatus, t.reviewedBy, t.reviewFeedback, t.publishedAt, t.metadata, t.version,
                t.createdAt, t.updatedAt, t.startedAt, t.completedAt);
    }

    /** The strong entity tag of this version, as sent in ETag and compared with If-Match. */
    public String etag() {
        return Long.toString(version);
    }
}
