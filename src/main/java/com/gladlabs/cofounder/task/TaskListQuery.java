package com.gladlabs.cofounder.task;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.gladlabs.cofounder.common.LabeledEnum;
import com.gladlabs.cofounder.common.problem.Problem.FieldError;
import com.gladlabs.cofounder.common.problem.ProblemException;

/**
 * The parameters of {@code GET /api/tasks}, read strictly: an unknown, repeated, empty or
 * out-of-range parameter is a 400 that names it.
 *
 * <p>A cursor continues a listing after its last row (keyset pagination): it holds the sort key of
 * that row and a fingerprint of the filters, so it stays fast at any depth and cannot be replayed
 * against another query by mistake.
 */
public record TaskListQuery(
        List<TaskStatus> statuses,
        TaskType type,
        String category,
        TaskPriority priority,
        String createdBy,
        String tag,
        String q,
        Sort sort,
        int limit,
        int offset,
        Cursor cursor) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    private static final int MAX_TEXT = 200;
    private static final Set<String> PARAMETERS = Set.of("limit", "offset", "status", "type", "category",
            "priority", "created_by", "tag", "q", "sort", "cursor");

    /** The orders a listing can take; each ends with id so that the order is total. */
    public enum Sort {
        CREATED_DESC("-created_at"),
        CREATED_ASC("created_at"),
        UPDATED_DESC("-updated_at"),
        PRIORITY_DESC("-priority");

        final String label;

        Sort(String label) {
            this.label = label;
        }

        static Sort of(String label) {
            for (Sort sort : values()) {
                if (sort.label.equals(label)) {
                    return sort;
                }
            }
            return null;
        }
    }

    /** Where the previous page ended: the sort key of its last row. */
    public record Cursor(Sort sort, String fingerprint, Instant at, int rank, UUID id) {

        String encode() {
            String raw = String.join("|", sort.label, fingerprint, at.toString(), Integer.toString(rank), id.toString());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String token) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                String[] parts = raw.split("\\|", -1);
                if (parts.length != 5 || Sort.of(parts[0]) == null) {
                    throw new IllegalArgumentException();
                }
                return new Cursor(Sort.of(parts[0]), parts[1], Instant.parse(parts[2]), Integer.parseInt(parts[3]),
                        UUID.fromString(parts[4]));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw ProblemException.badRequest("cursor", "is not a cursor this service gave out");
            }
        }
    }

    public static TaskListQuery parse(Map<String, List<String>> parameters) {
        Reader in = new Reader(parameters, PARAMETERS);
        int limit = in.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int offset = in.integer("offset", 0, 0, Integer.MAX_VALUE);
        List<TaskStatus> statuses = in.labels("status", TaskStatus.class);
        TaskType type = in.label("type", TaskType.class);
        TaskPriority priority = in.label("priority", TaskPriority.class);
        String category = in.text("category");
        String createdBy = in.text("created_by");
        String tag = in.text("tag");
        String q = in.text("q");
        String sortLabel = in.text("sort");
        Sort sort = sortLabel == null ? null : Sort.of(sortLabel);
        if (sortLabel != null && sort == null) {
            in.reject("sort", "must be one of: -created_at, created_at, -updated_at, -priority");
        }
        String token = in.text("cursor");
        in.done();

        TaskListQuery query = new TaskListQuery(statuses, type, category, priority, createdBy, tag, q,
                sort == null ? Sort.CREATED_DESC : sort, limit, offset, null);
        if (token == null) {
            return query;
        }
        Cursor cursor = Cursor.decode(token);
        if (sort != null && sort != cursor.sort()) {
            throw ProblemException.badRequest("cursor", "was given for sort " + cursor.sort().label
                    + ", not " + sort.label);
        }
        if (!cursor.fingerprint().equals(query.fingerprint())) {
            throw ProblemException.badRequest("cursor", "was given for other filters than these");
        }
        return new TaskListQuery(statuses, type, category, priority, createdBy, tag, q, cursor.sort(), limit, 0,
                cursor);
    }

    /** The limit and offset of a plain paged listing (drafts); any other parameter is a 400. */
    public static int[] page(Map<String, List<String>> parameters) {
        Reader in = new Reader(parameters, Set.of("limit", "offset"));
        int limit = in.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int offset = in.integer("offset", 0, 0, Integer.MAX_VALUE);
        in.done();
        return new int[] { limit, offset };
    }

    /** The cursor that continues after this row. */
    String cursorAfter(Task last) {
        return new Cursor(sort, fingerprint(), sort == Sort.UPDATED_DESC ? last.updatedAt : last.createdAt,
                last.priority.ordinal(), last.id).encode();
    }

    /** Identifies the filters (not the page) so that a cursor is only used with its own query. */
    String fingerprint() {
        String filters = String.join("\u0001", String.valueOf(statuses == null ? null
                : statuses.stream().map(TaskStatus::label).sorted().toList()), String.valueOf(type),
                String.valueOf(category), String.valueOf(priority), String.valueOf(createdBy), String.valueOf(tag),
                String.valueOf(q));
        return Integer.toHexString(filters.hashCode());
    }

    /** Collects every problem with the parameters before answering, so that one 400 names them all. */
    private static final class Reader {
        private final Map<String, List<String>> parameters;
        private final List<FieldError> errors = new ArrayList<>();

        Reader(Map<String, List<String>> parameters, Set<String> known) {
            this.parameters = parameters;
            parameters.keySet().stream().filter(name -> !known.contains(name)).sorted()
                    .forEach(name -> reject(name, "is not a known parameter"));
        }

        void reject(String name, String message) {
            errors.add(new FieldError(name, message));
        }

        void done() {
            if (!errors.isEmpty()) {
                throw ProblemException.badRequest(errors);
            }
        }

        String text(String name) {
            List<String> values = parameters.get(name);
            if (values == null) {
                return null;
            }
            if (values.size() > 1) {
                reject(name, "must be given once");
                return null;
            }
            String value = values.get(0);
            if (value.isEmpty()) {
                reject(name, "must not be empty");
                return null;
            }
            if (value.length() > MAX_TEXT) {
                reject(name, "must be at most " + MAX_TEXT + " characters");
                return null;
            }
            if (value.indexOf('\0') >= 0) {
                reject(name, "must not contain NUL characters");
                return null;
            }
            return value;
        }

        int integer(String name, int fallback, int min, int max) {
            String value = text(name);
            if (value == null) {
                return fallback;
            }
            try {
                int number = Integer.parseInt(value);
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            reject(name, max == Integer.MAX_VALUE ? "must be a whole number of at least " + min
                    : "must be a whole number from " + min + " to " + max);
            return fallback;
        }

        <E extends Enum<E> & LabeledEnum> E label(String name, Class<E> type) {
            String value = text(name);
            E label = LabeledEnum.of(type, value);
            if (value != null && label == null) {
                reject(name, "must be one of: " + String.join(", ", LabeledEnum.labels(type)));
            }
            return label;
        }

        <E extends Enum<E> & LabeledEnum> List<E> labels(String name, Class<E> type) {
            String value = text(name);
            if (value == null) {
                return null;
            }
            Set<E> labels = new LinkedHashSet<>();
            for (String part : value.split(",", -1)) {
                E label = LabeledEnum.of(type, part.trim());
                if (label == null) {
                    reject(name, "must be one or a comma list of: " + String.join(", ", LabeledEnum.labels(type)));
                    return null;
                }
                labels.add(label);
            }
            return List.copyOf(labels);
        }
    }
}
