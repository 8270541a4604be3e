package dev.steward.core.internal.shell;

import dev.steward.api.flow.RollbackPreview;

/** Prints a rollback preview: the compensations in the order they run, then what cannot be undone. */
final class RollbackPrinter {

    private RollbackPrinter() {
    }

    static void print(String flowId, RollbackPreview preview) {
        System.out.println("Rollback of flow " + flowId + " runs, in this order:");
        if (preview.undo().isEmpty()) {
            System.out.println("  (nothing)");
        }
        preview.undo().forEach(u -> System.out.println("  undo " + u.stepId() + " with " + u.capability()));
        if (!preview.irreversible().isEmpty()) {
            System.out.println("Cannot be undone (no compensation): " + String.join(", ", preview.irreversible()));
        }
    }
}
