package com.gladlabs.cofounder.task;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.gladlabs.cofounder.common.validation.OneOf;
import com.gladlabs.cofounder.common.validation.StorableText;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * The fields of a task that {@code PATCH /api/tasks/{id}} may change, as they are before and after
 * a JSON merge patch: the patch is applied to this view of the task, never to the entity, so that
 * nothing reaches the row before all of it is valid.
 */
@RegisterForReflection
@Schema(name = "TaskPatch", description = "A JSON merge patch (RFC 7396) of a task: the fields a patch may change; null removes an optional field")
public record TaskChanges(
        @NotBlank @Size(max = 200) @StorableText String title,
        @Size(max = 10_000) @StorableText String description,
        @NotNull @OneOf(TaskPriority.class) @Schema(ref = "TaskPriority", required = true) String priority,
        @NotNull @Size(min = 1, max = 64) @StorableText String category,
        @NotNull @Size(max = 20) @StorableText List<@NotBlank @Size(max = 50) String> tags,
        @NotNull @Size(max = 50) @StorableText List<@NotBlank @Size(max = 100) String> assignedAgents,
        @NotNull @StorableText Map<String, Object> metadata,
        @NotNull @OneOf(TaskStatus.class) @Schema(ref = "TaskStatus", required = true) String status,
        @StorableText Map<String, Object> result,
        @Size(max = 10_000) @StorableText String errorMessage,
        @NotNull @Min(0) @Max(100) Integer progress,
        @Size(max = 500) @StorableText String topic,
        @Size(max = 200) @StorableText String primaryKeyword,
        @Size(max = 200) @StorableText String style,
        @Size(max = 200) @StorableText String tone,
        @Positive @Max(100_000) Integer targetLength,
        @OneOf(PublishMode.class) @Schema(ref = "PublishMode") String publishMode,
        @StorableText String content,
        @Size(min = 1, max = 200) @Pattern(regexp = "[a-z0-9]+(-[a-z0-9]+)*", message = "must be lowercase letters and digits separated by single hyphens") String slug,
        @Min(0) @Max(100) Integer qualityScore) {

    /** Fields a task has that a patch may not change; naming one is a 400 that says so. */
    static final List<String> READ_ONLY = List.of("id", "type", "created_by", "attempts", "approval_status",
            "reviewed_by", "review_feedback", "published_at", "version", "created_at", "updated_at", "started_at",
            "completed_at");

    /** The JSON names of the fields a patch may change. */
    static final Set<String> FIELDS = Arrays.stream(TaskChanges.class.getRecordComponents())
            .map(c -> c.getName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase())
            .collect(Collectors.toUnmodifiableSet());

    static TaskChanges of(Task task) {
        return new TaskChanges(task.title, task.description, task.priority.label(), task.category, task.tags,
                task.assignedAgents, task.metadata, task.status.label(), task.result, task.errorMessage,
                (int) task.progress, task.topic, task.primaryKeyword, task.style, task.tone, task.targetLength,
                task.publishMode == null ? null : task.publishMode.label(), task.content, task.slug,
                task.qualityScore);
    }

    /** Copies every field onto the entity; status side effects are the service's. */
    void applyTo(Task task) {
        task.title = title;
        task.description = description;
        task.priority = TaskPriority.of(priority);
        task.category = category;
        task.tags = tags;
        task.assignedAgents = assignedAgents;
        task.metadata = metadata;
        task.result = result;
        task.errorMessage = errorMessage;
        task.progress = progress.shortValue();
        task.topic = topic;
        task.primaryKeyword = primaryKeyword;
        task.style = style;
        task.tone = tone;
        task.targetLength = targetLength;
        task.publishMode = PublishMode.of(publishMode);
        task.content = content;
        task.slug = slug;
        task.qualityScore = qualityScore;
    }
}
