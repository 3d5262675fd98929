package com.gladlabs.cofounder.task;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.gladlabs.cofounder.common.validation.OneOf;
import com.gladlabs.cofounder.common.validation.StorableText;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/tasks}. Absent optional fields take the table's defaults. */
@RegisterForReflection
public record NewTask(
        @NotBlank @Size(max = 200) @StorableText String title,
        @Size(max = 10_000) @StorableText String description,
        @OneOf(TaskType.class) @Schema(ref = "TaskType") String type,
        @OneOf(TaskPriority.class) @Schema(ref = "TaskPriority") String priority,
        @Size(min = 1, max = 64) @StorableText String category,
        @Size(max = 20) @StorableText List<@NotBlank @Size(max = 50) String> tags,
        @Size(max = 50) @StorableText List<@NotBlank @Size(max = 100) String> assignedAgents,
        @Size(min = 1, max = 100) @StorableText String createdBy,
        @Size(max = 500) @StorableText String topic,
        @Size(max = 200) @StorableText String primaryKeyword,
        @Size(max = 200) @StorableText String style,
        @Size(max = 200) @StorableText String tone,
        @Positive @Max(100_000) Integer targetLength,
        @OneOf(PublishMode.class) @Schema(ref = "PublishMode") String publishMode,
        @StorableText Map<String, Object> metadata) {
}
