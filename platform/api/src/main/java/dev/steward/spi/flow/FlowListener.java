package dev.steward.spi.flow;

import org.osgi.annotation.versioning.ConsumerType;

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
}
