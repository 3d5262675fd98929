package com.gladlabs.cofounder.content;

import java.util.UUID;

/**
 * A content task this worker holds. {@code attempt} is the attempts count the claim set: every
 * later write names it, so a worker whose lease was taken away cannot overwrite the new holder.
 */
public record ClaimedTask(UUID id, int attempt, ContentBrief brief, String publishMode) {
}
