package com.gladlabs.cofounder.task;

import com.fasterxml.jackson.annotation.JsonValue;
import com.gladlabs.cofounder.common.LabeledEnum;

import jakarta.persistence.Converter;

/** Declared in ascending order: {@code ordinal()} is the rank used when ordering by priority. */
public enum TaskPriority implements LabeledEnum {
    LOW("low"),
    NORMAL("normal"),
    HIGH("high"),
    URGENT("urgent");

    private final String label;

    TaskPriority(String label) {
        this.label = label;
    }

    @Override
    @JsonValue
    public String label() {
        return label;
    }

    public static TaskPriority of(String label) {
        return LabeledEnum.of(TaskPriority.class, label);
    }

    /** Stored as its label, the value the CHECK constraint allows. */
    @Converter(autoApply = true)
    public static final class AsText extends LabeledEnum.TextConverter<TaskPriority> {
        public AsText() {
            super(TaskPriority.class);
        }
    }
}
