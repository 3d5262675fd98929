package com.gladlabs.cofounder.task;

import com.fasterxml.jackson.annotation.JsonValue;
import com.gladlabs.cofounder.common.LabeledEnum;

import jakarta.persistence.Converter;

/** Where a task is in its life, and which moves between those places are allowed. */
public enum TaskStatus implements LabeledEnum {
    PENDING("pending"),
    IN_PROGRESS("in_progress"),
    COMPLETED("completed"),
    FAILED("failed");

    private final String label;

    TaskStatus(String label) {
        this.label = label;
    }

    @Override
    @JsonValue
    public String label() {
        return label;
    }

    /**
     * pending -> in_progress or failed; in_progress -> completed, failed or pending (released);
     * failed -> pending (retried). Completed is final. Staying put is always allowed (a no-op).
     */
    public boolean canMoveTo(TaskStatus next) {
        return this == next || switch (this) {
            case PENDING -> next == IN_PROGRESS || next == FAILED;
            case IN_PROGRESS -> next == COMPLETED || next == FAILED || next == PENDING;
            case FAILED -> next == PENDING;
            case COMPLETED -> false;
        };
    }

    public boolean isFinished() {
        return this == COMPLETED || this == FAILED;
    }

    public static TaskStatus of(String label) {
        return LabeledEnum.of(TaskStatus.class, label);
    }

    /** Stored as its label, the value the CHECK constraint allows. */
    @Converter(autoApply = true)
    public static final class AsText extends LabeledEnum.TextConverter<TaskStatus> {
        public AsText() {
            super(TaskStatus.class);
        }
    }
}
