package com.gladlabs.cofounder.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.gladlabs.cofounder.TasksTable;

import io.quarkus.test.junit.QuarkusTest;

/** The live schema Flyway built is the one the issue specifies, and its rules hold even for plain SQL. */
@QuarkusTest
class SchemaTest {

    final TasksTable table = TasksTable.get();

    @BeforeEach
    void empty() {
        table.clear();
    }

    @Test
    void tasksTableHasExactlyTheThirtyFourColumnsWithTheirTypesAndNullability() {
        Map<String, String> columns = new LinkedHashMap<>();
        table.rows("""
                SELECT column_name, data_type, udt_name, is_nullable FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = 'tasks' ORDER BY ordinal_position""")
                .forEach(r -> columns.put(r.getString("column_name"),
                        ("ARRAY".equals(r.getString("data_type")) ? r.getString("udt_name") : r.getString("data_type"))
                                + ("NO".equals(r.getString("is_nullable")) ? " not null" : "")));

        assertThat(columns).hasSize(34);
        assertThat(columns).containsExactly(
                Map.entry("id", "uuid not null"),
                Map.entry("title", "text not null"),
                Map.entry("description", "text"),
                Map.entry("type", "text not null"),
                Map.entry("status", "text not null"),
                Map.entry("priority", "text not null"),
                Map.entry("category", "text not null"),
                Map.entry("tags", "_text not null"),
                Map.entry("assigned_agents", "_text not null"),
                Map.entry("created_by", "text not null"),
                Map.entry("topic", "text"),
                Map.entry("primary_keyword", "text"),
                Map.entry("style", "text"),
                Map.entry("tone", "text"),
                Map.entry("target_length", "integer"),
                Map.entry("publish_mode", "text"),
                Map.entry("content", "text"),
                Map.entry("slug", "text"),
                Map.entry("quality_score", "integer"),
                Map.entry("result", "jsonb"),
                Map.entry("error_message", "text"),
                Map.entry("progress", "smallint not null"),
                Map.entry("attempts", "integer not null"),
                Map.entry("approval_status", "text"),
                Map.entry("reviewed_by", "text"),
                Map.entry("review_feedback", "text"),
                Map.entry("published_at", "timestamp with time zone"),
                Map.entry("idempotency_key", "text"),
                Map.entry("metadata", "jsonb not null"),
                Map.entry("version", "bigint not null"),
                Map.entry("created_at", "timestamp with time zone not null"),
                Map.entry("updated_at", "timestamp with time zone not null"),
                Map.entry("started_at", "timestamp with time zone"),
                Map.entry("completed_at", "timestamp with time zone"));
    }

    @Test
    void tasksTableHasExactlyTheSevenIndexes() {
        Map<String, String> indexes = new LinkedHashMap<>();
        table.rows("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'tasks' ORDER BY indexname")
                .forEach(r -> indexes.put(r.getString("indexname"), r.getString("indexdef")));

        assertThat(indexes).hasSize(7);
        assertThat(indexes.get("tasks_pkey")).contains("UNIQUE INDEX").contains("(id)");
        assertThat(indexes.get("ix_tasks_created")).contains("(created_at DESC, id DESC)");
        assertThat(indexes.get("ix_tasks_status_created")).contains("(status, created_at DESC, id DESC)");
        assertThat(indexes.get("ix_tasks_pending_claim")).contains("task_priority_rank(priority) DESC, created_at")
                .contains("WHERE (status = 'pending'::text)");
        assertThat(indexes.get("ix_tasks_approval")).contains("approval_status").contains("WHERE (approval_status IS NOT NULL)");
        assertThat(indexes.get("ux_tasks_slug")).contains("UNIQUE INDEX").contains("(slug)").contains("WHERE (slug IS NOT NULL)");
        assertThat(indexes.get("ux_tasks_idempotency_key")).contains("UNIQUE INDEX").contains("(idempotency_key)")
                .contains("WHERE (idempotency_key IS NOT NULL)");
    }

    @Test
    void plainSqlGetsTheDefaults() {
        table.execute("INSERT INTO tasks (id, title) VALUES (gen_random_uuid(), 'defaults')");
        var row = table.row("SELECT type, status, priority, category, created_by, cardinality(tags) AS tags, "
                + "cardinality(assigned_agents) AS agents, progress, attempts, metadata::text AS metadata, version FROM tasks");
        assertThat(row.getString("type")).isEqualTo("general");
        assertThat(row.getString("status")).isEqualTo("pending");
        assertThat(row.getString("priority")).isEqualTo("normal");
        assertThat(row.getString("category")).isEqualTo("general");
        assertThat(row.getString("created_by")).isEqualTo("system");
        assertThat(row.getInteger("tags")).isZero();
        assertThat(row.getInteger("agents")).isZero();
        assertThat(row.getInteger("progress")).isZero();
        assertThat(row.getInteger("attempts")).isZero();
        assertThat(row.getString("metadata")).isEqualTo("{}");
        assertThat(row.getLong("version")).isZero();
    }

    @Test
    void checkConstraintsRejectBadDataEvenThroughPlainSql() {
        List<String> badValues = List.of(
                "title = ''",
                "title = repeat('x', 201)",
                "description = repeat('x', 10001)",
                "type = 'poem'",
                "status = 'done'",
                "priority = 'critical'",
                "category = repeat('c', 65)",
                "tags = array_fill('t'::text, ARRAY[21])",
                "tags = ARRAY[repeat('t', 51)]",
                "tags = ARRAY['']",
                "tags = ARRAY[NULL::text]",
                "publish_mode = 'later'",
                "quality_score = 101",
                "quality_score = -1",
                "progress = 101",
                "progress = -1",
                "approval_status = 'maybe'",
                "metadata = '[]'::jsonb",
                "target_length = 0");
        for (String bad : badValues) {
            table.clear();
            table.execute("INSERT INTO tasks (id, title) VALUES (gen_random_uuid(), 'ok')");
            assertThatThrownBy(() -> table.execute("UPDATE tasks SET " + bad))
                    .as(bad).hasMessageContaining("violates check constraint");
        }
    }

    @Test
    void priorityRankOrdersLowNormalHighUrgent() {
        var row = table.row("SELECT task_priority_rank('low') AS l, task_priority_rank('normal') AS n, "
                + "task_priority_rank('high') AS h, task_priority_rank('urgent') AS u");
        assertThat(List.of(row.getInteger("l"), row.getInteger("n"), row.getInteger("h"), row.getInteger("u")))
                .isSorted().doesNotHaveDuplicates();
    }
}
