package com.gladlabs.cofounder.task;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * One row of the unified tasks table (migration V1): every column is mapped. Enumerations are
 * stored as their labels by the enums' own converters; timestamps are set by {@link TaskService}.
 */
@Entity
@Table(name = "tasks")
public class Task extends PanacheEntityBase {

    @Id
    public UUID id;
    public String title;
    public String description;
    public TaskType type;
    public TaskStatus status;
    public TaskPriority priority;
    public String category;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> tags;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> assignedAgents;
    public String createdBy;
    public String topic;
    public String primaryKeyword;
    public String style;
    public String tone;
    public Integer targetLength;
    public PublishMode publishMode;
    public String content;
    public String slug;
    public Integer qualityScore;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> result;
    public String errorMessage;
    public short progress;
    public int attempts;
    public ApprovalStatus approvalStatus;
    public String reviewedBy;
    public String reviewFeedback;
    public Instant publishedAt;
    /** Only ever compared, never returned: a replayed create finds its task by it. */
    public String idempotencyKey;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> metadata;
    /** Optimistic locking: Hibernate adds one on every update that changes the row. */
    @Version
    public long version;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant startedAt;
    public Instant completedAt;
}
