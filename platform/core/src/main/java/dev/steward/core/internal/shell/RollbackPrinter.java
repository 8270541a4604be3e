package dev.steward.core.internal.shell;

import java.util.Locale;

import dev.steward.api.flow.RollbackPreview;
import dev.steward.api.flow.RollbackPreview.EffectAction;

/**
 * Prints a rollback preview: the compensations in the order they run, what cannot be undone, then what becomes of
 * the flow's outbound effects.
 */
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
        if (!preview.effects().isEmpty()) {
            System.out.println("Outbound effects:");
            preview.effects().forEach(e -> System.out.printf("  %-12s %s (%s, step %s, %s): %s%n", e.action(), e.key(),
                    e.capability(), e.stepId(), e.status(), e.note()));
        }
    }

    /** One line's worth for the approvals list: the effects a rollback cancels, undoes, or cannot undo. */
    static String effects(RollbackPreview preview) {
        StringBuilder line = new StringBuilder();
        for (EffectAction action : EffectAction.values()) {
            long n = preview.effects().stream().filter(e -> e.action() == action).count();
            if (n > 0) {
                line.append(line.length() == 0 ? "" : ", ").append(n).append(' ')
                        .append(action.name().toLowerCase(Locale.ROOT));
            }
        }
        return line.length() == 0 ? "" : "; outbound effects: " + line;
    }
}
