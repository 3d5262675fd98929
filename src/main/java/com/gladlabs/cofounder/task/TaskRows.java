package com.gladlabs.cofounder.task;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.gladlabs.cofounder.common.LabeledEnum;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * The one place where the reactive client meets the columns of {@code tasks}: a row read becomes a
 * {@link TaskView}, a new {@link Task} becomes the values of one INSERT, a task to change is read into
 * the entity and written back by one versioned UPDATE. Hot reads (a task by id, listing pages) skip the
 * entity mapping: Hibernate's result-set processing and entity instantiation cost more per read than the
 * statement itself. Writes stay on the {@link Task} entity, the home of their rules: a create builds and
 * checks the entity first, a change applies its rules to it, then its fields are bound here.
 */
final class TaskRows {

    /** The columns of a {@link TaskView}, in the order {@link #view(Row)} reads them. */
    static final String COLUMNS = "id, title, description, type, status, priority, category, tags, assigned_agents, "
            + "created_by, topic, primary_keyword, style, tone, target_length, publish_mode, content, slug, quality_score, "
            + "result, error_message, progress, attempts, approval_status, reviewed_by, review_feedback, published_at, "
            + "metadata, version, created_at, updated_at, started_at, completed_at";

    /** Every column of a {@link Task}: the ones of a view, then the idempotency key. */
    static final String INSERT = "INSERT INTO tasks (" + COLUMNS + ", idempotency_key) VALUES ("
            + IntStream.rangeClosed(1, 34).mapToObj(i -> "$" + i).collect(Collectors.joining(", ")) + ")";

    /** A task to change: every column, read as it is (no lock); {@link #UPDATE} then checks its version. */
    static final String SELECT_TASK = "SELECT " + COLUMNS + ", idempotency_key FROM tasks WHERE id = $1";

    /** The same, the row locked until the transaction ends. */
    static final String SELECT_FOR_UPDATE = SELECT_TASK + " FOR UPDATE";

    /**
     * Writes a changed task: every column a change may touch, from the entity, and the version up by one
     * where it is still the one read ($1 the id, $2 that version), as the entity's {@code @Version} asks.
     */
    static final String UPDATE = "UPDATE tasks SET title = $3, description = $4, status = $5, priority = $6, "
            + "category = $7, tags = $8, assigned_agents = $9, topic = $10, primary_keyword = $11, style = $12, "
            + "tone = $13, target_length = $14, publish_mode = $15, content = $16, slug = $17, quality_score = $18, "
            + "result = $19, error_message = $20, progress = $21, attempts = $22, approval_status = $23, "
            + "reviewed_by = $24, review_feedback = $25, published_at = $26, metadata = $27, updated_at = $28, "
            + "started_at = $29, completed_at = $30, version = version + 1 WHERE id = $1 AND version = $2";

    /**
     * Deletes a task in one statement: $1 the id, $2 the types it must not have (the content API deletes
     * no general task), $3 the versions If-Match allows (null: any). Returns the deleted version, for the
     * cache's tombstone; no row when nothing matched ({@link #SELECT_VERSION} then tells why).
     */
    static final String DELETE = "DELETE FROM tasks WHERE id = $1 AND type <> ALL($2) "
            + "AND ($3::bigint[] IS NULL OR version = ANY($3)) RETURNING version";

    /** Why a {@link #DELETE} matched nothing: the task's version and type, or no row. */
    static final String SELECT_VERSION = "SELECT version, type FROM tasks WHERE id = $1";

    private TaskRows() {
    }

    /** The values of {@link #INSERT} for a new task, in its column order. */
    static Tuple values(Task t) {
        return Tuple.from(new Object[] { t.id, t.title, t.description, label(t.type), label(t.status),
                label(t.priority), t.category, array(t.tags), array(t.assignedAgents), t.createdBy, t.topic,
                t.primaryKeyword, t.style, t.tone, t.targetLength, label(t.publishMode), t.content, t.slug,
                t.qualityScore, json(t.result), t.errorMessage, t.progress, t.attempts, label(t.approvalStatus),
                t.reviewedBy, t.reviewFeedback, time(t.publishedAt), json(t.metadata), t.version, time(t.createdAt),
                time(t.updatedAt), time(t.startedAt), time(t.completedAt), t.idempotencyKey });
    }

    /** The values of {@link #UPDATE} for a task read at {@code version} and changed since. */
    static Tuple updateValues(Task t) {
        return Tuple.from(new Object[] { t.id, t.version, t.title, t.description, label(t.status), label(t.priority),
                t.category, array(t.tags), array(t.assignedAgents), t.topic, t.primaryKeyword, t.style, t.tone,
                t.targetLength, label(t.publishMode), t.content, t.slug, t.qualityScore, json(t.result), t.errorMessage,
                t.progress, t.attempts, label(t.approvalStatus), t.reviewedBy, t.reviewFeedback, time(t.publishedAt),
                json(t.metadata), time(t.updatedAt), time(t.startedAt), time(t.completedAt) });
    }

    /** A row of {@link #SELECT_TASK} as the entity, to apply a change's rules to. */
    static Task task(Row row) {
        Task t = new Task();
        t.id = row.getUUID(0);
        t.title = row.getString(1);
        t.description = row.getString(2);
        t.type = label(TaskType.class, row.getString(3));
        t.status = label(TaskStatus.class, row.getString(4));
        t.priority = label(TaskPriority.class, row.getString(5));
        t.category = row.getString(6);
        t.tags = strings(row.getArrayOfStrings(7));
        t.assignedAgents = strings(row.getArrayOfStrings(8));
        t.createdBy = row.getString(9);
        t.topic = row.getString(10);
        t.primaryKeyword = row.getString(11);
        t.style = row.getString(12);
        t.tone = row.getString(13);
        t.targetLength = row.getInteger(14);
        t.publishMode = label(PublishMode.class, row.getString(15));
        t.content = row.getString(16);
        t.slug = row.getString(17);
        t.qualityScore = row.getInteger(18);
        t.result = object("result", row.getValue(19));
        t.errorMessage = row.getString(20);
        t.progress = row.getShort(21);
        t.attempts = row.getInteger(22);
        t.approvalStatus = label(ApprovalStatus.class, row.getString(23));
        t.reviewedBy = row.getString(24);
        t.reviewFeedback = row.getString(25);
        t.publishedAt = instant(row.getOffsetDateTime(26));
        t.metadata = object("metadata", row.getValue(27));
        t.version = row.getLong(28);
        t.createdAt = instant(row.getOffsetDateTime(29));
        t.updatedAt = instant(row.getOffsetDateTime(30));
        t.startedAt = instant(row.getOffsetDateTime(31));
        t.completedAt = instant(row.getOffsetDateTime(32));
        t.idempotencyKey = row.getString(33);
        return t;
    }

    static TaskView view(Row row) {
        return new TaskView(row.getUUID(0), row.getString(1), row.getString(2),
                label(TaskType.class, row.getString(3)), label(TaskStatus.class, row.getString(4)),
                label(TaskPriority.class, row.getString(5)), row.getString(6), strings(row.getArrayOfStrings(7)),
                strings(row.getArrayOfStrings(8)), row.getString(9), row.getString(10), row.getString(11),
                row.getString(12), row.getString(13), row.getInteger(14), label(PublishMode.class, row.getString(15)),
                row.getString(16), row.getString(17), row.getInteger(18), object("result", row.getValue(19)),
                row.getString(20), row.getInteger(21), row.getInteger(22),
                label(ApprovalStatus.class, row.getString(23)), row.getString(24), row.getString(25),
                instant(row.getOffsetDateTime(26)), object("metadata", row.getValue(27)), row.getLong(28),
                instant(row.getOffsetDateTime(29)), instant(row.getOffsetDateTime(30)),
                instant(row.getOffsetDateTime(31)), instant(row.getOffsetDateTime(32)));
    }

    private static <E extends Enum<E> & LabeledEnum> E label(Class<E> type, String label) {
        E value = LabeledEnum.of(type, label);
        if (label != null && value == null) {
            throw new IllegalStateException("Unknown " + type.getSimpleName() + " in the database: " + label);
        }
        return value;
    }

    private static String label(LabeledEnum value) {
        return value == null ? null : value.label();
    }

    private static String[] array(List<String> values) {
        return values == null ? null : values.toArray(String[]::new);
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static JsonObject json(Map<String, Object> object) {
        return object == null ? null : new JsonObject(object);
    }

    private static List<String> strings(String[] values) {
        return values == null ? null : Arrays.asList(values);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /** A jsonb column mapped as an object, as the entity maps it: SQL or JSON null is null. */
    private static Map<String, Object> object(String column, Object value) {
        if (value == null || value == Tuple.JSON_NULL) {
            return null;
        }
        if (value instanceof JsonObject object) {
            return object.getMap();
        }
        throw new IllegalStateException("The " + column + " of a task is not a JSON object in the database");
    }
}
