package com.gladlabs.cofounder.events;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.gladlabs.cofounder.common.LabeledEnum;
import com.gladlabs.cofounder.common.problem.Problem.FieldError;
import com.gladlabs.cofounder.task.TaskStatus;
import com.gladlabs.cofounder.task.TaskType;

/** Which events a subscriber wants: by status, type and task id; an empty set lets everything through. */
public record TaskEventFilter(Set<String> statuses, Set<String> types, Set<UUID> taskIds) {

    public static final TaskEventFilter ALL = new TaskEventFilter(Set.of(), Set.of(), Set.of());

    public boolean matches(TaskEvent event) {
        return (statuses.isEmpty() || statuses.contains(event.status()))
                && (types.isEmpty() || types.contains(event.type()))
                && (taskIds.isEmpty() || taskIds.contains(event.id()));
    }

    /**
     * A filter from lists of values (query parameters split at commas, or the arrays of a subscribe
     * message); every value that is not valid is added to errors.
     */
    public static TaskEventFilter of(List<String> statuses, List<String> types, List<String> taskIds,
            List<FieldError> errors) {
        List<String> allowedStatuses = LabeledEnum.labels(TaskStatus.class);
        List<String> allowedTypes = LabeledEnum.labels(TaskType.class);
        for (String status : statuses) {
            if (!allowedStatuses.contains(status)) {
                errors.add(new FieldError("status", "must be one or a list of: " + String.join(", ", allowedStatuses)));
                break;
            }
        }
        for (String type : types) {
            if (!allowedTypes.contains(type)) {
                errors.add(new FieldError("type", "must be one or a list of: " + String.join(", ", allowedTypes)));
                break;
            }
        }
        Set<UUID> ids = new java.util.HashSet<>();
        for (String id : taskIds) {
            try {
                if (id.length() != 36) {
                    throw new IllegalArgumentException();
                }
                ids.add(UUID.fromString(id));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("task_id", "must be one or a list of task UUIDs"));
                break;
            }
        }
        return new TaskEventFilter(Set.copyOf(statuses), Set.copyOf(types), Set.copyOf(ids));
    }

    static List<String> split(List<String> values) {
        return values == null ? List.of()
                : values.stream().flatMap(v -> java.util.Arrays.stream(v.split(","))).map(String::trim)
                        .collect(Collectors.toList());
    }
}
