package com.gladlabs.cofounder.content;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.gladlabs.cofounder.common.db.DatabaseFailure;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The content queue's statements on the tasks table, each one round trip. Claiming is a single
 * UPDATE over {@code FOR UPDATE SKIP LOCKED}, so any number of workers on any number of replicas
 * never take the same task; every later write is fenced by the claim's attempt number. No statement here
 * waits on a row lock while holding another: the multi-row ones skip what is locked.
 */
@ApplicationScoped
public class ContentQueue {

    private static final String CLAIM = """
            UPDATE tasks t SET status = 'in_progress', started_at = coalesce(t.started_at, now()),
                   attempts = t.attempts + 1, progress = 0, version = t.version + 1, updated_at = now()
            WHERE t.id IN (SELECT id FROM tasks
                           WHERE status = 'pending' AND type <> 'general'
                           ORDER BY task_priority_rank(priority) DESC, created_at
                           LIMIT $1
                           FOR UPDATE SKIP LOCKED)
            RETURNING t.id, t.attempts, t.type, coalesce(t.topic, t.title) AS topic, t.primary_keyword, t.style, t.tone, t.target_length,
                      t.category, t.tags, t.publish_mode""";

    private static final String PROGRESS = """
            UPDATE tasks SET progress = $3, version = version + 1, updated_at = now()
            WHERE id = $1 AND attempts = $2 AND status = 'in_progress' AND progress <> $3""";

    private static final String COMPLETE = """
            UPDATE tasks SET status = 'completed', progress = 100, content = $3, slug = $4, quality_score = $5,
                   result = $6, tags = $8, error_message = NULL, approval_status = $7,
                   published_at = CASE WHEN $7 = 'published' THEN now() END,
                   completed_at = now(), version = version + 1, updated_at = now()
            WHERE id = $1 AND attempts = $2 AND status = 'in_progress'""";

    private static final String FAIL = """
            UPDATE tasks SET status = CASE WHEN attempts >= $3 THEN 'failed' ELSE 'pending' END,
                   error_message = $4, progress = 0,
                   completed_at = CASE WHEN attempts >= $3 THEN now() END,
                   version = version + 1, updated_at = now()
            WHERE id = $1 AND attempts = $2 AND status = 'in_progress'
            RETURNING status""";

    /**
     * Hands a task back at shutdown, for another worker to take at once. The attempt still counts:
     * the attempts number is what fences a late write from this worker off the next holder.
     */
    private static final String RELEASE = """
            UPDATE tasks SET status = 'pending', progress = 0, version = version + 1, updated_at = now()
            WHERE id = $1 AND attempts = $2 AND status = 'in_progress'""";

    /**
     * Takes back the tasks whose lease expired. Like the claim, it passes over a row another transaction
     * holds (a patch being written) rather than wait for it: a statement that waited on several rows while
     * holding others could deadlock with a batch of patches; the row is taken back by a later sweep.
     */
    private static final String RECOVER = """
            UPDATE tasks t SET status = CASE WHEN t.attempts >= $2 THEN 'failed' ELSE 'pending' END,
                   error_message = CASE WHEN t.attempts >= $2
                       THEN 'Failed after ' || t.attempts || ' attempts: the last worker stopped reporting progress for longer than the lease (' || $3 || ')'
                       ELSE 'The worker stopped reporting progress for longer than the lease (' || $3 || '); retrying' END,
                   completed_at = CASE WHEN t.attempts >= $2 THEN now() END,
                   progress = 0, version = t.version + 1, updated_at = now()
            WHERE t.id IN (SELECT id FROM tasks
                           WHERE status = 'in_progress' AND type <> 'general' AND updated_at < now() - make_interval(secs => $1)
                           FOR UPDATE SKIP LOCKED)
            RETURNING t.id""";

    private final Pool pool;

    public ContentQueue(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<ClaimedTask>> claim(int limit) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(limit)).map(rows -> {
            List<ClaimedTask> claimed = new ArrayList<>();
            rows.forEach(row -> claimed.add(claimed(row)));
            return claimed;
        });
    }

    public Uni<Void> progress(ClaimedTask task, int percent) {
        return pool.preparedQuery(PROGRESS).execute(Tuple.of(task.id(), task.attempt(), (short) percent))
                .replaceWithVoid();
    }

    /** Stores the content; true when this worker still held the task. A taken slug gets a suffix. */
    public Uni<Boolean> complete(ClaimedTask task, Article article, Map<String, Object> result, String approvalStatus) {
        return store(task, article, article.slug(), result, approvalStatus)
                .onFailure(e -> DatabaseFailure.violates(e, "ux_tasks_slug"))
                .recoverWithUni(() -> store(task, article, article.slug() + "-" + task.id().toString().substring(0, 8),
                        result, approvalStatus));
    }

    private Uni<Boolean> store(ClaimedTask task, Article article, String slug, Map<String, Object> result,
            String approvalStatus) {
        Map<String, Object> stored = new java.util.LinkedHashMap<>(result);
        stored.put("slug", slug);
        @SuppressWarnings("unchecked")
        List<String> tags = (List<String>) result.get("tags");
        Tuple values = Tuple.tuple(Arrays.asList(task.id(), task.attempt(), article.markdown(), slug,
                article.qualityScore(), new JsonObject(stored), approvalStatus, tags.toArray(String[]::new)));
        return pool.preparedQuery(COMPLETE).execute(values).map(rows -> rows.rowCount() == 1);
    }

    /** Records a failed attempt: back to pending for another try, or failed once attempts are used up. */
    public Uni<String> fail(ClaimedTask task, String reason, int maxAttempts) {
        return pool.preparedQuery(FAIL).execute(Tuple.of(task.id(), task.attempt(), maxAttempts, reason))
                .map(rows -> rows.rowCount() == 0 ? null : rows.iterator().next().getString("status"));
    }

    public Uni<Void> release(ClaimedTask task) {
        return pool.preparedQuery(RELEASE).execute(Tuple.of(task.id(), task.attempt())).replaceWithVoid();
    }

    /**
     * Takes back tasks whose worker went silent for longer than the lease; returns how many. A task another
     * transaction is writing at that moment is left for the next sweep.
     */
    public Uni<Integer> recoverExpired(Duration lease, int maxAttempts) {
        return pool.preparedQuery(RECOVER)
                .execute(Tuple.of((double) lease.toMillis() / 1000.0, maxAttempts, lease.toString()))
                .map(rows -> rows.rowCount());
    }

    private static ClaimedTask claimed(Row row) {
        String[] tags = row.getArrayOfStrings("tags");
        ContentBrief brief = new ContentBrief(row.getString("type"), row.getString("topic"),
                row.getString("primary_keyword"), orDefault(row.getString("style"), "technical"),
                orDefault(row.getString("tone"), "professional"),
                row.getInteger("target_length") == null ? 1500 : row.getInteger("target_length"),
                row.getString("category"), tags == null ? List.of() : List.of(tags));
        return new ClaimedTask(row.getUUID("id"), row.getInteger("attempts"), brief, row.getString("publish_mode"));
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
