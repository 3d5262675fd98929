package com.gladlabs.cofounder.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The queries over the tasks table. Listing is plain SQL mapped onto the entity: it orders by the
 * priority rank and compares row values for keyset pagination, which the indexes of V1 serve.
 * Callers run it inside a session ({@link TaskService}).
 */
@ApplicationScoped
public class TaskRepository implements PanacheRepositoryBase<Task, UUID> {

    public Uni<Task> findByIdempotencyKey(String key) {
        return find("idempotencyKey", key).firstResult();
    }

    /** One page of a listing: up to limit + 1 rows, the extra one telling that more follow. */
    public Uni<List<Task>> page(TaskListQuery query) {
        Filter filter = Filter.of(query);
        StringBuilder sql = new StringBuilder("SELECT t.* FROM tasks t WHERE ").append(filter.where());
        TaskListQuery.Cursor cursor = query.cursor();
        if (cursor != null) {
            String comparison = query.sort() == TaskListQuery.Sort.CREATED_ASC ? ">" : "<";
            sql.append(" AND (").append(keyOf(query.sort())).append(") ").append(comparison)
                    .append(query.sort() == TaskListQuery.Sort.PRIORITY_DESC ? " (:c_rank, :c_at, :c_id)" : " (:c_at, :c_id)");
            filter.parameters.put("c_at", cursor.at());
            filter.parameters.put("c_id", cursor.id());
            if (query.sort() == TaskListQuery.Sort.PRIORITY_DESC) {
                filter.parameters.put("c_rank", (short) cursor.rank());
            }
        }
        sql.append(" ORDER BY ").append(orderOf(query.sort())).append(" LIMIT :limit OFFSET :offset");
        filter.parameters.put("limit", query.limit() + 1);
        filter.parameters.put("offset", query.offset());
        return Panache.getSession().chain(session -> {
            Mutiny.SelectionQuery<Task> select = session.createNativeQuery(sql.toString(), Task.class);
            filter.parameters.forEach(select::setParameter);
            return select.getResultList();
        });
    }

    /** How many tasks match the filters of a listing, whatever page it is on. */
    public Uni<Long> total(TaskListQuery query) {
        Filter filter = Filter.of(query);
        return Panache.getSession().chain(session -> {
            Mutiny.SelectionQuery<Long> count = session
                    .createNativeQuery("SELECT count(*) FROM tasks t WHERE " + filter.where(), Long.class);
            filter.parameters.forEach(count::setParameter);
            return count.getSingleResult();
        });
    }

    public Uni<List<Task>> drafts(int limit, int offset) {
        return find("status = ?1 and approvalStatus = ?2",
                Sort.descending("createdAt", "id"), TaskStatus.COMPLETED, ApprovalStatus.AWAITING_APPROVAL)
                .range(offset, offset + limit - 1).list();
    }

    public Uni<Long> countDrafts() {
        return count("status = ?1 and approvalStatus = ?2", TaskStatus.COMPLETED, ApprovalStatus.AWAITING_APPROVAL);
    }

    /**
     * Counts per status and type, and the sum and number of completed durations, in one statement
     * so that every figure of the stats comes from the same snapshot.
     */
    public Uni<List<Object[]>> statusTypeCounts() {
        String sql = """
                SELECT status, type, count(*),
                       count(*) FILTER (WHERE status = 'completed' AND started_at IS NOT NULL AND completed_at IS NOT NULL),
                       coalesce(sum(extract(epoch FROM completed_at - started_at))
                                FILTER (WHERE status = 'completed' AND started_at IS NOT NULL AND completed_at IS NOT NULL), 0)::float8
                FROM tasks GROUP BY status, type""";
        return Panache.getSession().chain(session -> session.createNativeQuery(sql, Object[].class).getResultList());
    }

    private static String keyOf(TaskListQuery.Sort sort) {
        return switch (sort) {
            case CREATED_DESC, CREATED_ASC -> "t.created_at, t.id";
            case UPDATED_DESC -> "t.updated_at, t.id";
            case PRIORITY_DESC -> "task_priority_rank(t.priority), t.created_at, t.id";
        };
    }

    private static String orderOf(TaskListQuery.Sort sort) {
        return switch (sort) {
            case CREATED_DESC -> "t.created_at DESC, t.id DESC";
            case CREATED_ASC -> "t.created_at ASC, t.id ASC";
            case UPDATED_DESC -> "t.updated_at DESC, t.id DESC";
            case PRIORITY_DESC -> "task_priority_rank(t.priority) DESC, t.created_at DESC, t.id DESC";
        };
    }

    /** The WHERE clause of a listing's filters, with its named parameters. */
    private record Filter(List<String> conditions, Map<String, Object> parameters) {

        static Filter of(TaskListQuery query) {
            Filter filter = new Filter(new ArrayList<>(), new LinkedHashMap<>());
            if (query.statuses() != null) {
                filter.add("t.status IN (:statuses)", "statuses", query.statuses().stream().map(TaskStatus::label).toList());
            }
            if (query.type() != null) {
                filter.add("t.type = :type", "type", query.type().label());
            }
            if (query.category() != null) {
                filter.add("t.category = :category", "category", query.category());
            }
            if (query.priority() != null) {
                filter.add("t.priority = :priority", "priority", query.priority().label());
            }
            if (query.createdBy() != null) {
                filter.add("t.created_by = :created_by", "created_by", query.createdBy());
            }
            if (query.tag() != null) {
                filter.add("t.tags @> ARRAY[CAST(:tag AS text)]", "tag", query.tag());
            }
            if (query.q() != null) {
                filter.add("t.title ILIKE :q ESCAPE '\\'", "q", "%" + escapeLike(query.q()) + "%");
            }
            return filter;
        }

        private void add(String condition, String name, Object value) {
            conditions.add(condition);
            parameters.put(name, value);
        }

        String where() {
            return conditions.isEmpty() ? "TRUE" : String.join(" AND ", conditions);
        }

        private static String escapeLike(String text) {
            return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        }
    }
}
