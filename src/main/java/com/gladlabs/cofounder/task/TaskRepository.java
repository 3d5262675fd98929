package com.gladlabs.cofounder.task;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The queries over the tasks table. Listing is plain SQL on the reactive client: it orders by the
 * priority rank and compares row values for keyset pagination, which the indexes of V1 serve. The
 * entity queries run inside the caller's session ({@link TaskService}).
 */
@ApplicationScoped
public class TaskRepository implements PanacheRepositoryBase<Task, UUID> {

    private final Pool pool;
    private final TaskPages pages;

    public TaskRepository(Pool pool, TaskPages pages) {
        this.pool = pool;
        this.pages = pages;
    }

    public Uni<Task> findByIdempotencyKey(String key) {
        return find("idempotencyKey", key).firstResult();
    }

    /**
     * One page of a listing: up to limit rows and whether more follow (limit + 1 are read). Read by the
     * reactive client into views ({@link TaskRows}), with the pages queued beside it ({@link TaskPages}):
     * a page is a hot read, a Vert.x future for the reason given at {@link TaskService#get}.
     */
    public Future<PageRows> page(TaskListQuery query) {
        Filter filter = Filter.of(query);
        StringBuilder sql = new StringBuilder("SELECT ").append(TaskRows.COLUMNS).append(" FROM tasks t WHERE ")
                .append(filter.where());
        TaskListQuery.Cursor cursor = query.cursor();
        if (cursor != null) {
            String comparison = query.sort() == TaskListQuery.Sort.CREATED_ASC ? ">" : "<";
            sql.append(" AND (").append(keyOf(query.sort())).append(") ").append(comparison).append(" (");
            if (query.sort() == TaskListQuery.Sort.PRIORITY_DESC) {
                sql.append(filter.add((short) cursor.rank())).append(", ");
            }
            sql.append(filter.add(OffsetDateTime.ofInstant(cursor.at(), ZoneOffset.UTC))).append(", ")
                    .append(filter.add(cursor.id())).append(')');
        }
        sql.append(" ORDER BY ").append(orderOf(query.sort())).append(" LIMIT ").append(filter.add(query.limit() + 1))
                .append(" OFFSET ").append(filter.add(query.offset()));
        return pages.submit(new TaskPages.Page(sql.toString(), filter.parameters(), query.limit()));
    }

    /** How many tasks match the filters of a listing, whatever page it is on. */
    public Future<Long> total(TaskListQuery query) {
        Filter filter = Filter.of(query);
        return pool.preparedQuery("SELECT count(*) FROM tasks t WHERE " + filter.where()).execute(Tuple.from(filter.parameters()))
                .map(rows -> rows.iterator().next().getLong(0));
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

    /** The WHERE clause of a listing's filters, with its positional parameters ($1, $2, ...). */
    private record Filter(List<String> conditions, List<Object> parameters) {

        static Filter of(TaskListQuery query) {
            Filter filter = new Filter(new ArrayList<>(), new ArrayList<>());
            if (query.statuses() != null) {
                // One parameter per status: "status IN ($1)" is planned as "status = $1", which the
                // (status, created_at) index serves in order; an array parameter would need a sort.
                StringBuilder in = new StringBuilder("t.status IN (");
                for (TaskStatus status : query.statuses()) {
                    in.append(in.charAt(in.length() - 1) == '(' ? "" : ", ").append(filter.add(status.label()));
                }
                filter.conditions.add(in.append(')').toString());
            }
            if (query.type() != null) {
                filter.conditions.add("t.type = " + filter.add(query.type().label()));
            }
            if (query.category() != null) {
                filter.conditions.add("t.category = " + filter.add(query.category()));
            }
            if (query.priority() != null) {
                filter.conditions.add("t.priority = " + filter.add(query.priority().label()));
            }
            if (query.createdBy() != null) {
                filter.conditions.add("t.created_by = " + filter.add(query.createdBy()));
            }
            if (query.tag() != null) {
                filter.conditions.add("t.tags @> ARRAY[" + filter.add(query.tag()) + "::text]");
            }
            if (query.q() != null) {
                filter.conditions.add("t.title ILIKE " + filter.add("%" + escapeLike(query.q()) + "%") + " ESCAPE '\\'");
            }
            return filter;
        }

        /** Adds a parameter; returns its placeholder. */
        String add(Object value) {
            parameters.add(value);
            return "$" + parameters.size();
        }

        String where() {
            return conditions.isEmpty() ? "TRUE" : String.join(" AND ", conditions);
        }

        private static String escapeLike(String text) {
            return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        }
    }
}
