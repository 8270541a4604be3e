package dev.steward.spi.flow;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

import dev.steward.api.flow.RollbackPreview;

/**
 * Something outside the flow journal that a flow's rollback acts on, such as the outbox and its outbound effects;
 * registered as an OSGi service. The kernel adds what each says to the flow's {@link RollbackPreview}, so that the
 * operator sees before the rollback what it will and will not undo. (The rollback itself reaches a participant as a
 * {@link FlowListener} notice.)
 *
 * @since 1.3
 */
@ConsumerType
public interface RollbackParticipant {

    /**
     * What rolling the flow back would do to what this participant keeps for it.
     *
     * @param flowId the flow instance
     * @return the effects, latest first; empty when it keeps nothing for the flow
     */
    List<RollbackPreview.EffectUndo> rollbackPreview(String flowId);
}
