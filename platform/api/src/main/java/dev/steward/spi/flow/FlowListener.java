package dev.steward.spi.flow;

import org.osgi.annotation.versioning.ConsumerType;

import dev.steward.api.flow.FlowStatus;

/**
 * Hears what happens to flows as a whole; registered as an OSGi service. The memory, for one, retracts the facts a
 * flow asserted when the flow is rolled back.
 */
@ConsumerType
public interface FlowListener {

    /**
     * A flow was rolled back: its compensations ran and it is {@code COMPENSATED}. Called once per rollback, off
     * the flow's path; a listener that throws is logged and the others are still called.
     *
     * @param flowId the flow instance
     */
    void rolledBack(String flowId);

    /**
     * A flow ended: it reached a final status (completed, failed, cancelled or compensated). Called once per flow
     * (and again after a rollback ends it anew), off the flow's path; a listener that throws is logged and the others
     * are still called. The memory drops the flow's working context.
     *
     * @param flowId the flow instance
     * @param status its final status
     * @since 1.2
     */
    default void ended(String flowId, FlowStatus status) {
        // most listeners care about rollbacks only
    }
}
