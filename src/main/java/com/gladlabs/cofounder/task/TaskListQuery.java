package com.gladlabs.cofounder.task;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.gladlabs.cofounder.common.QueryParameters;
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
        Cursor cursor,
        boolean withTotal) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    private static final Set<String> PARAMETERS = Set.of("limit", "offset", "status", "type", "category",
            "priority", "created_by", "tag", "q", "sort", "cursor", "total");

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
        QueryParameters in = new QueryParameters(parameters, PARAMETERS);
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
        boolean withTotal = in.bool("total", true);
        in.done();

        TaskListQuery query = new TaskListQuery(statuses, type, category, priority, createdBy, tag, q,
                sort == null ? Sort.CREATED_DESC : sort, limit, offset, null, withTotal);
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
                cursor, withTotal);
    }

    /** The limit and offset of a plain paged listing (drafts); any other parameter is a 400. */
    public static int[] page(Map<String, List<String>> parameters) {
        QueryParameters in = new QueryParameters(parameters, Set.of("limit", "offset"));
        int limit = in.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int offset = in.integer("offset", 0, 0, Integer.MAX_VALUE);
        in.done();
        return new int[] { limit, offset };
    }

    /** The cursor that continues after this row. */
    String cursorAfter(TaskView last) {
        return new Cursor(sort, fingerprint(), sort == Sort.UPDATED_DESC ? last.updatedAt() : last.createdAt(),
                last.priority().ordinal(), last.id()).encode();
    }

    /** Identifies the filters (not the page) so that a cursor is only used with its own query. */
    String fingerprint() {
        String filters = String.join("\u0001", String.valueOf(statuses == null ? null
                : statuses.stream().map(TaskStatus::label).sorted().toList()), String.valueOf(type),
                String.valueOf(category), String.valueOf(priority), String.valueOf(createdBy), String.valueOf(tag),
                String.valueOf(q));
        return Integer.toHexString(filters.hashCode());
    }
}
