package dev.steward.api.memory;

import java.util.List;
import java.util.Objects;

/**
 * The material assembled for a task: the best items of every tier that fit the budget, each citable by its id.
 *
 * @param task the task it was assembled for
 * @param items the items, in the order a prompt should present them ({@code null} becomes empty)
 * @param usedChars the characters of item text in the bundle, at most {@code maxChars}
 * @param maxChars the budget it was assembled within
 * @param omitted how many candidate items did not fit the budget
 * @since 2.0
 */
public record ContextBundle(String task, List<ContextItem> items, int usedChars, int maxChars, int omitted) {

    /** Validates the fields and copies the items. */
    public ContextBundle {
        Objects.requireNonNull(task, "task");
        items = items == null ? List.of() : List.copyOf(items);
        if (usedChars > maxChars) {
            throw new IllegalArgumentException("Context bundle uses " + usedChars + " of " + maxChars + " characters");
        }
    }
}
