package com.gladlabs.cofounder.task;

import com.fasterxml.jackson.annotation.JsonValue;
import com.gladlabs.cofounder.common.LabeledEnum;

import jakarta.persistence.Converter;

/** Whether generated content waits as a draft or is published at once. */
public enum PublishMode implements LabeledEnum {
    DRAFT("draft"),
    PUBLISH("publish");

    private final String label;

    PublishMode(String label) {
        this.label = label;
    }

    @Override
    @JsonValue
    public String label() {
        return label;
    }

    public static PublishMode of(String label) {
        return LabeledEnum.of(PublishMode.class, label);
    }

    /** Stored as its label, the value the CHECK constraint allows. */
    @Converter(autoApply = true)
    public static final class AsText extends LabeledEnum.TextConverter<PublishMode> {
        public AsText() {
            super(PublishMode.class);
        }
    }
}
