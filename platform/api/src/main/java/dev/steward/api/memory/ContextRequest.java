package dev.steward.api.memory;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a task needs from memory: the material that best serves it, within a size budget.
 *
 * @param task what the task is about, not blank; used as the search text
 * @param sessionId the session whose summaries and recent turns to include, or {@code null}
 * @param flowId the flow whose working context to include, or {@code null}
 * @param maxChars the size budget: the most characters of item text in the bundle, positive
 * @param types episode kinds or entity types to keep from the knowledge bank ({@code null} or empty keeps all)
 * @param metadata episode metadata every knowledge item must carry ({@code null} or empty for no filter)
 * @since 2.0
 */
public record ContextRequest(String task, String sessionId, String flowId, int maxChars, Set<String> types,
        Map<String, String> metadata) {

    /** The largest size budget accepted, in characters. */
    public static final int MAX_CHARS = 200_000;

    /** Validates the fields and copies the collections. */
    public ContextRequest {
        Objects.requireNonNull(task, "task");
        if (task.isBlank()) {
            throw new IllegalArgumentException("Context task must not be blank");
        }
        if (maxChars < 1 || maxChars > MAX_CHARS) {
            throw new IllegalArgumentException("Context maxChars must be 1 to " + MAX_CHARS + ", was " + maxChars);
        }
        types = types == null ? Set.of() : Set.copyOf(types);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
