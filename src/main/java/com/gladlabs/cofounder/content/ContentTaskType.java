package com.gladlabs.cofounder.content;

import com.gladlabs.cofounder.common.LabeledEnum;

/** The task types that are content jobs: every type but general. */
public enum ContentTaskType implements LabeledEnum {
    BLOG_POST("blog_post"),
    SOCIAL_MEDIA("social_media"),
    EMAIL("email"),
    NEWSLETTER("newsletter");

    private final String label;

    ContentTaskType(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
