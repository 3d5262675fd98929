package com.gladlabs.cofounder.content;

import com.gladlabs.cofounder.common.LabeledEnum;

/** How a piece of content sounds. */
public enum ContentTone implements LabeledEnum {
    PROFESSIONAL("professional"),
    CASUAL("casual"),
    ACADEMIC("academic"),
    INSPIRATIONAL("inspirational");

    private final String label;

    ContentTone(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
