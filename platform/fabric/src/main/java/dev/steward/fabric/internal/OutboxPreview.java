package dev.steward.fabric.internal;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.steward.api.fabric.OutboxEntry;
import dev.steward.api.flow.RollbackPreview.EffectAction;
import dev.steward.api.flow.RollbackPreview.EffectUndo;
import dev.steward.spi.connector.OutboundConnector;

/**
 * What a flow's rollback does to one of its outbound effects, as {@link OutboxUndo} will do it: an effect not
 * delivered is cancelled; a delivered one (or one being delivered) is undone by its connector if that connector
 * compensates, and is irreversible if it does not or if no connector offers its capability now. Effects already
 * cancelled or compensated are left out: a rollback does nothing to them.
 */
final class OutboxPreview {

    private static final Set<String> UNDELIVERED = Set.of("PENDING", "HELD", "DENIED", "FAILED");
    private static final Set<String> DONE = Set.of("CANCELLED", "COMPENSATED");

    private OutboxPreview() {
    }

    static Optional<EffectUndo> of(OutboxEntry e, Function<String, OutboundConnector> connectors) {
        if (DONE.contains(e.status())) {
            return Optional.empty();
        }
        if (UNDELIVERED.contains(e.status())) {
            return Optional.of(undo(e, EffectAction.CANCEL, "not delivered: cancelled, never delivered"));
        }
        if (e.status().equals("IRREVERSIBLE")) {
            return Optional.of(undo(e, EffectAction.IRREVERSIBLE, e.lastError()));
        }
        OutboundConnector connector = connectors.apply(e.capability());
        if (connector == null) {
            return Optional.of(undo(e, EffectAction.IRREVERSIBLE,
                    "no connector offers '" + e.capability() + "' now; the rollback waits for one to undo it"));
        }
        String id = connector.descriptor().id();
        if (!connector.descriptor().compensable()) {
            return Optional.of(undo(e, EffectAction.IRREVERSIBLE, "delivered, and connector " + id + " cannot undo it"));
        }
        return Optional.of(undo(e, EffectAction.COMPENSATE, "undone by connector " + id));
    }

    private static EffectUndo undo(OutboxEntry e, EffectAction action, String note) {
        return new EffectUndo(e.key(), e.capability(), e.stepId(), e.status(), action, note);
    }
}
