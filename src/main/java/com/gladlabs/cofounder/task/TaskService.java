package com.gladlabs.cofounder.task;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gladlabs.cofounder.cache.TaskCache;
import com.gladlabs.cofounder.common.db.DatabaseFailure;
import com.gladlabs.cofounder.common.problem.JsonProblems;
import com.gladlabs.cofounder.common.problem.Problem.FieldError;
import com.gladlabs.cofounder.common.problem.ProblemException;
import com.gladlabs.cofounder.common.validation.RequestBodies;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The rules of the task API. Each method owns its session or transaction; nothing is written
 * unless the whole request is valid, and a rejected request changes nothing.
 */
@ApplicationScoped
public class TaskService {

    private static final String IDEMPOTENCY_INDEX = "ux_tasks_idempotency_key";
    /** The types a delete excludes: none for the task API, general tasks for the content API. */
    private static final String[] ANY_TYPE = {};
    private static final String[] NOT_CONTENT = { TaskType.GENERAL.label() };

    private final TaskRepository tasks;
    private final RequestBodies bodies;
    private final ObjectMapper json;
    private final TaskInserts inserts;
    private final TaskReads reads;
    private final TaskChangeReads changeReads;
    private final TaskUpdates updates;
    private final Pool pool;
    private final TaskCache cache;

    public TaskService(TaskRepository tasks, RequestBodies bodies, ObjectMapper json,
            TaskInserts inserts, TaskReads reads, TaskChangeReads changeReads, TaskUpdates updates, Pool pool,
            TaskCache cache) {
        this.tasks = tasks;
        this.bodies = bodies;
        this.json = json;
        this.inserts = inserts;
        this.reads = reads;
        this.changeReads = changeReads;
        this.updates = updates;
        this.pool = pool;
        this.cache = cache;
    }

    /** A created task, or the one an earlier request with the same idempotency key created. */
    public record Created(TaskView task, boolean replayed) {
    }

    public record TaskPage(@JsonSerialize(using = PageRows.Json.class) List<TaskView> tasks,
            @Schema(nullable = true, description = "null when total=false") Long total, int limit, int offset,
            @Schema(nullable = true, description = "continues after the last task; null on the last page") String nextCursor) {
    }

    public record DraftPage(List<TaskView> drafts, long total, int limit, int offset) {
    }

    public record TaskStats(long total, Map<String, Long> byStatus, Map<String, Long> byType,
            @Schema(nullable = true) Double successRate, @Schema(nullable = true) Double avgDurationSeconds) {
    }

    public CompletionStage<Created> create(NewTask request, String idempotencyKey) {
        bodies.requireValid(request);
        Task task = newTask(request, idempotencyKey);
        if (idempotencyKey == null) {
            return insert(task).toCompletionStage();
        }
        // A retry finds the first task; a concurrent twin loses on the unique index and finds it too.
        return replay(idempotencyKey)
                .onItem().ifNull().switchTo(() -> Uni.createFrom().completionStage(() -> insert(task).toCompletionStage())
                        .onFailure(e -> DatabaseFailure.violates(e, IDEMPOTENCY_INDEX))
                        .recoverWithUni(() -> replay(idempotencyKey)))
                .subscribeAsCompletionStage();
    }

    /**
     * A read, by the reactive client (see {@link TaskRows}): one prepared statement, no session, shared
     * with the reads queued beside it ({@link TaskReads}). A Vert.x future rather than a {@code Uni}:
     * every Mutiny stage captures and restores the propagated contexts (CDI, JTA, OpenTelemetry), 6% of
     * a read's event-loop CPU, and this stage needs none of them (it runs on the request's own event
     * loop, which REST resumes).
     */
    public CompletionStage<? extends TaskBody> get(UUID id) {
        if (!cache.enabled()) {
            return read(id).toCompletionStage();
        }
        return cache.read(id).<TaskBody>compose(found -> switch (found.state()) {
            case HIT -> Future.succeededFuture(new CachedTask(found.version(), found.json()));
            case DELETED -> Future.failedFuture(notFound(id));
            case BYPASS -> read(id).map(TaskBody.class::cast);
            case MISS -> read(id).compose(view -> {
                // The reader's next read finds at least this version: the fill is answered first.
                CachedTask written = new CachedTask(view.version(), write(view));
                return cache.fill(found, id, view.version(), written.json()).map((TaskBody) written);
            });
        }).toCompletionStage();
    }

    private Future<TaskView> read(UUID id) {
        return reads.submit(id).map(view -> {
            if (view == null) {
                throw notFound(id);
            }
            return view;
        });
    }

    /** The task as the API writes it, for the cache: the same JSON the caller receives. */
    private Buffer write(TaskView view) {
        try {
            return Buffer.buffer(json.writeValueAsBytes(view));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Task " + view.id() + " could not be written as JSON", e);
        }
    }

    /**
     * Applies a JSON merge patch (RFC 7386) to the mutable fields, in two statements and no explicit transaction:
     * the task read as it is ({@link TaskChangeReads}), the rules applied to it, then one UPDATE of its fields
     * where its version is still the one read ({@link TaskUpdates}). Every writer of the table moves the version,
     * so a row that matches is the one the rules and If-Match were checked against. A writer that got in between
     * makes the UPDATE match nothing; the patch is then made again in a transaction that locks the row (BEGIN,
     * SELECT … FOR UPDATE, UPDATE, COMMIT), where it cannot lose again, against the new version. Patches that
     * queue up on an event loop are read in one statement and written in one transaction (bench/README). The
     * reactive client, not a session: a session's Mutiny stages and update coordinator were most of a patch's CPU
     * in the service.
     */
    public CompletionStage<TaskView> patch(UUID id, JsonNode patch, IfMatch ifMatch) {
        ObjectNode changes = requirePatchObject(patch);
        return changeReads.submit(id).compose(task -> {
            if (!change(task, id, changes, ifMatch)) {
                return Future.succeededFuture(task); // nothing changes: no update, no new version
            }
            return updates.submit(task).compose(updated -> updated ? Future.succeededFuture(nextVersion(task))
                    : patchLocked(id, changes, ifMatch));
        }).map(TaskView::of).compose(this::cached).toCompletionStage();
    }

    /** The patch in one transaction, the row locked from its read to the commit. */
    private Future<Task> patchLocked(UUID id, ObjectNode changes, IfMatch ifMatch) {
        return pool.withTransaction(connection -> connection.preparedQuery(TaskRows.SELECT_FOR_UPDATE)
                .execute(Tuple.of(id)).compose(rows -> {
                    RowIterator<Row> found = rows.iterator();
                    Task task = found.hasNext() ? TaskRows.task(found.next()) : null;
                    if (!change(task, id, changes, ifMatch)) {
                        return Future.succeededFuture(task);
                    }
                    return connection.preparedQuery(TaskRows.UPDATE).execute(TaskRows.updateValues(task)).map(updated -> {
                        if (updated.rowCount() != 1) { // the row is locked: only a bug gets here
                            throw new IllegalStateException("Task " + id + " changed under its row lock");
                        }
                        return nextVersion(task);
                    });
                }));
    }

    /**
     * Applies the patch to the task read (null: 404), If-Match and the rules permitting (412, 409, 400,
     * 422); false when nothing changes.
     */
    private boolean change(Task task, UUID id, ObjectNode changes, IfMatch ifMatch) {
        if (task == null) {
            throw notFound(id);
        }
        ifMatch.check(task.version);
        TaskChanges current = TaskChanges.of(task);
        return apply(task, current, merge(current, changes));
    }

    /** The task as its UPDATE left it: the version one up. */
    private static Task nextVersion(Task task) {
        task.version++;
        return task;
    }

    /**
     * Deletes a task, If-Match permitting: one DELETE statement that commits on its own, then the cache's
     * tombstone. The reactive client rather than a session: Hibernate Reactive's delete keeps the
     * statement's pending result in a field of the entity's delete coordinator, which every session
     * shares, so two deletes in flight at once could leave one of them waiting forever with its
     * transaction open (hibernate-reactive#1713; it held a task's row lock for minutes, bench/README).
     */
    public CompletionStage<Void> delete(UUID id, IfMatch ifMatch) {
        return delete(id, ifMatch, ANY_TYPE, () -> notFound(id)).toCompletionStage();
    }

    /** Deletes a content task; a general task is not one (404), as for every other content endpoint. */
    public CompletionStage<Void> deleteContent(UUID id) {
        return delete(id, IfMatch.NONE, NOT_CONTENT, () -> ProblemException.notFound("No content task with id " + id))
                .toCompletionStage();
    }

    private Future<Void> delete(UUID id, IfMatch ifMatch, String[] excludedTypes, Supplier<ProblemException> missing) {
        Long[] versions = ifMatch.any() ? null : ifMatch.versions().toArray(Long[]::new);
        return pool.preparedQuery(TaskRows.DELETE).execute(Tuple.of(id, excludedTypes, versions)).compose(rows -> {
            RowIterator<Row> deleted = rows.iterator();
            if (deleted.hasNext()) {
                return deletedFromCache(id, deleted.next().getLong(0));
            }
            // Nothing deleted: no such task, one of the excluded types, or If-Match names another version.
            return pool.preparedQuery(TaskRows.SELECT_VERSION).execute(Tuple.of(id)).compose(found -> {
                RowIterator<Row> row = found.iterator();
                if (!row.hasNext()) {
                    throw missing.get();
                }
                Row task = row.next();
                if (Arrays.asList(excludedTypes).contains(task.getString(1))) {
                    throw missing.get();
                }
                ifMatch.check(task.getLong(0)); // 412, naming the current version
                // A write between the two statements moved it to a version If-Match names: again. Versions
                // only grow and If-Match names finitely many, so this ends.
                return delete(id, ifMatch, excludedTypes, missing);
            });
        });
    }

    /**
     * A changed task, put into the cache (when it is on) before its writer is answered: no replica
     * reads an older version afterwards. Never fails: a cache that cannot take it is not trusted.
     */
    public Future<TaskView> cached(TaskView task) {
        if (!cache.enabled()) {
            return Future.succeededFuture(task);
        }
        return cache.written(task.id(), task.version(), write(task)).map(task);
    }

    /** A deleted task's tombstone in the cache (when it is on), before the delete is answered. */
    private Future<Void> deletedFromCache(UUID id, long version) {
        return cache.enabled() ? cache.deleted(id, version) : Future.succeededFuture();
    }

    /**
     * One page of a listing. {@code total} counts every match, which costs a scan of them all; a
     * client that asks {@code total=false} (a feed following next_cursor, say) gets null and the
     * page alone, one indexed statement at any depth.
     */
    public CompletionStage<TaskPage> list(TaskListQuery query) {
        return (query.withTotal() ? tasks.total(query) : Future.<Long>succeededFuture())
                .compose(total -> tasks.page(query).map(page -> {
                    String next = page.more() ? query.cursorAfter(page.get(page.size() - 1)) : null;
                    try {
                        page.json(json); // written once for every caller who asked this page
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("A page of tasks could not be written as JSON", e);
                    }
                    return new TaskPage(page, total, query.limit(), query.offset(), next);
                })).toCompletionStage();
    }

    public Uni<DraftPage> drafts(int limit, int offset) {
        return Panache.withSession(() -> tasks.countDrafts().chain(total -> tasks.drafts(limit, offset)
                .map(rows -> new DraftPage(rows.stream().map(TaskView::of).toList(), total, limit, offset))));
    }

    public Uni<TaskStats> stats() {
        return Panache.withSession(tasks::statusTypeCounts).map(TaskService::stats);
    }

    private static TaskStats stats(List<Object[]> rows) {
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (TaskStatus status : TaskStatus.values()) {
            byStatus.put(status.label(), 0L);
        }
        Map<String, Long> byType = new LinkedHashMap<>();
        for (TaskType type : TaskType.values()) {
            byType.put(type.label(), 0L);
        }
        long total = 0;
        long timed = 0;
        double seconds = 0;
        for (Object[] row : rows) {
            long count = ((Number) row[2]).longValue();
            byStatus.merge((String) row[0], count, Long::sum);
            byType.merge((String) row[1], count, Long::sum);
            total += count;
            timed += ((Number) row[3]).longValue();
            seconds += ((Number) row[4]).doubleValue();
        }
        long completed = byStatus.get(TaskStatus.COMPLETED.label());
        long finished = completed + byStatus.get(TaskStatus.FAILED.label());
        Double successRate = finished == 0 ? null : (double) completed / finished;
        Double average = timed == 0 ? null : seconds / timed;
        return new TaskStats(total, byStatus, byType, successRate, average);
    }

    /**
     * The new entity, built and checked by {@link #newTask}, written by one prepared INSERT from
     * {@link TaskRows#values} that commits without BEGIN and COMMIT round trips (a lone create) or
     * together with the creates queued beside it ({@link TaskInserts}). The reactive client rather
     * than the stateless session: its insert and Mutiny stages were a third of a create's CPU in the
     * service (bench/README), and a create is the hot write of the change feed.
     */
    private Future<Created> insert(Task task) {
        return inserts.submit(task).map(inserted -> new Created(TaskView.of(task), false));
    }

    private Uni<Created> replay(String idempotencyKey) {
        return Panache.withSession(() -> tasks.findByIdempotencyKey(idempotencyKey))
                .map(task -> task == null ? null : new Created(TaskView.of(task), true));
    }

    private static Task newTask(NewTask request, String idempotencyKey) {
        Instant now = now();
        Task task = new Task();
        task.id = UUID.randomUUID();
        task.title = request.title();
        task.description = request.description();
        task.type = request.type() == null ? TaskType.GENERAL : TaskType.of(request.type());
        task.status = TaskStatus.PENDING;
        task.priority = request.priority() == null ? TaskPriority.NORMAL : TaskPriority.of(request.priority());
        task.category = request.category() == null ? "general" : request.category();
        task.tags = request.tags() == null ? List.of() : request.tags();
        task.assignedAgents = request.assignedAgents() == null ? List.of() : request.assignedAgents();
        task.createdBy = request.createdBy() == null ? "system" : request.createdBy();
        task.topic = request.topic();
        task.primaryKeyword = request.primaryKeyword();
        task.style = request.style();
        task.tone = request.tone();
        task.targetLength = request.targetLength();
        task.publishMode = PublishMode.of(request.publishMode());
        task.metadata = request.metadata() == null ? Map.of() : request.metadata();
        task.idempotencyKey = idempotencyKey;
        task.createdAt = now;
        task.updatedAt = now;
        return task;
    }

    /** Applies the changed fields and the status rules; false when nothing changes (no update, no new version). */
    private boolean apply(Task task, TaskChanges before, TaskChanges after) {
        if (after.equals(before)) {
            return false;
        }
        TaskStatus from = task.status;
        TaskStatus to = TaskStatus.of(after.status());
        if (!from.canMoveTo(to)) {
            throw ProblemException.conflict("status-move-not-allowed",
                    "A task cannot move from " + from.label() + " to " + to.label());
        }
        after.applyTo(task);
        Instant now = now();
        if (from != to) {
            task.status = to;
            if (to == TaskStatus.IN_PROGRESS) {
                task.attempts++;
                if (task.startedAt == null) {
                    task.startedAt = now;
                }
            }
            if (to.isFinished()) {
                task.completedAt = now;
            }
            if (from == TaskStatus.FAILED && to == TaskStatus.PENDING) {
                task.errorMessage = null;
                task.completedAt = null;
            }
        }
        task.updatedAt = now;
        return true;
    }

    /** The mutable fields after the patch, checked for JSON types (400) and rules (422). */
    private TaskChanges merge(TaskChanges current, ObjectNode patch) {
        ObjectNode document = json.valueToTree(current);
        mergePatch(document, patch, true);
        TaskChanges changed;
        try {
            changed = json.treeToValue(document, TaskChanges.class);
        } catch (JsonProcessingException e) {
            throw JsonProblems.of(e);
        }
        bodies.requireValid(changed);
        return changed;
    }

    /**
     * RFC 7386: members replace, null removes, objects merge recursively. At the top level a null
     * is kept, so that it clears a nullable field or is refused (422) for a required one.
     */
    private static void mergePatch(ObjectNode target, ObjectNode patch, boolean topLevel) {
        patch.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            JsonNode existing = target.get(field.getKey());
            if (value.isNull() && !topLevel) {
                target.remove(field.getKey());
            } else if (value.isObject() && existing != null && existing.isObject()) {
                mergePatch((ObjectNode) existing, (ObjectNode) value, false);
            } else {
                target.set(field.getKey(), value);
            }
        });
    }

    private static ObjectNode requirePatchObject(JsonNode patch) {
        if (patch == null || patch.isMissingNode() || patch.isNull()) {
            throw ProblemException.badRequest("body", "is required: a JSON merge patch object");
        }
        if (!patch.isObject()) {
            throw ProblemException.badRequest("body", "must be a JSON object (a JSON merge patch)");
        }
        List<FieldError> errors = new ArrayList<>();
        Set<String> mutable = TaskChanges.FIELDS;
        patch.fieldNames().forEachRemaining(name -> {
            if (TaskChanges.READ_ONLY.contains(name)) {
                errors.add(new FieldError(name, "is read-only"));
            } else if (!mutable.contains(name)) {
                errors.add(new FieldError(name, "is not a known field"));
            }
        });
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(errors);
        }
        return (ObjectNode) patch;
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No task with id " + id);
    }

    /** PostgreSQL keeps microseconds: a timestamp we hand back must be the one it stored. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
