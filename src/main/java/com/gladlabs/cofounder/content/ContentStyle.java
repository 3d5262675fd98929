package com.gladlabs.cofounder.content;

import com.gladlabs.cofounder.common.LabeledEnum;

/** How a piece of content is shaped. */
public enum ContentStyle implements LabeledEnum {
    TECHNICAL("technical"),
    NARRATIVE("narrative"),
    LISTICLE("listicle"),
    EDUCATIONAL("educational"),
    THOUGHT_LEADERSHIP("thought-leadership");

    private final String label;

    ContentStyle(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
