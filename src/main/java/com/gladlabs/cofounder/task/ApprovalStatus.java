package com.gladlabs.cofounder.task;

import com.fasterxml.jackson.annotation.JsonValue;
import com.gladlabs.cofounder.common.LabeledEnum;

import jakarta.persistence.Converter;

/** Where generated content is in human review. */
public enum ApprovalStatus implements LabeledEnum {
    AWAITING_APPROVAL("awaiting_approval"),
    APPROVED("approved"),
    REJECTED("rejected"),
    PUBLISHED("published");

    private final String label;

    ApprovalStatus(String label) {
        this.label = label;
    }

    @Override
    @JsonValue
    public String label() {
        return label;
    }

    public static ApprovalStatus of(String label) {
        return LabeledEnum.of(ApprovalStatus.class, label);
    }

    /** Stored as its label, the value the CHECK constraint allows. */
    @Converter(autoApply = true)
    public static final class AsText extends LabeledEnum.TextConverter<ApprovalStatus> {
        public AsText() {
            super(ApprovalStatus.class);
        }
    }
}
