package com.gladlabs.cofounder.content;

import java.util.List;

/** What a generator is asked to write: the content fields of a claimed task. */
public record ContentBrief(String taskType, String topic, String primaryKeyword, String style, String tone,
        int targetLength, String category, List<String> tags) {

    /** The word the content must use: the primary keyword, or the topic when there is none. */
    public String keyword() {
        return primaryKeyword == null || primaryKeyword.isBlank() ? topic : primaryKeyword;
    }
}
