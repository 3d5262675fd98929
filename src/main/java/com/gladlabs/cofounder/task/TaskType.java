package com.gladlabs.cofounder.task;

import com.fasterxml.jackson.annotation.JsonValue;
import com.gladlabs.cofounder.common.LabeledEnum;

import jakarta.persistence.Converter;

/** What kind of work a task is: a general work item or a content job. */
public enum TaskType implements LabeledEnum {
    GENERAL("general"),
    BLOG_POST("blog_post"),
    SOCIAL_MEDIA("social_media"),
    EMAIL("email"),
    NEWSLETTER("newsletter");

    private final String label;

    TaskType(String label) {
        this.label = label;
    }

    @Override
    @JsonValue
    public String label() {
        return label;
    }

    public static TaskType of(String label) {
        return LabeledEnum.of(TaskType.class, label);
    }

    /** Stored as its label, the value the CHECK constraint allows. */
    @Converter(autoApply = true)
    public static final class AsText extends LabeledEnum.TextConverter<TaskType> {
        public AsText() {
            super(TaskType.class);
        }
    }
}
