package dev.steward.kernel.internal;

import java.util.Map;

/**
 * One write to the flow journal. A step is written only while its flow is held by the node that ran it
 * (the lease owner), so a node that lost its lease cannot journal over the node that took the flow over. Entries of one kind are written together with one {@code UNWIND} statement,
 * and the kinds of a batch in the order of {@link Kind}: a flow exists before its steps.
 */
record JournalEntry(Kind kind, Map<String, Object> row) {

    enum Kind {
        FLOW_CREATED(
                "UNWIND $rows AS r CREATE (f:FlowInstance) SET f = r"),
        // a step and, when it ends the flow, the flow's final status: one transaction
        STEP_FINISHED(
                "UNWIND $rows AS r MATCH (f:FlowInstance {id: r.flowId, owner: r.owner}) "
                        + "CREATE (f)-[:HAS_STEP]->(s:StepRun) SET s = r.step, f.updatedAt = r.step.finishedAt, "
                        + "f.status = coalesce(r.flowStatus, f.status), f.error = coalesce(r.flowError, f.error)");

        final String cypher;

        Kind(String cypher) {
            this.cypher = cypher;
        }
    }
}
