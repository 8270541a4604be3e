package dev.steward.kernel.internal;

import java.util.Map;

/**
 * One write to the flow journal. Entries of one kind are written together with one {@code UNWIND} statement,
 * and the kinds of a batch in the order of {@link Kind}: a flow exists before its steps, and a flow's final
 * status is written with (or after) its last step.
 */
record JournalEntry(Kind kind, Map<String, Object> row) {

    enum Kind {
        FLOW_CREATED(
                "UNWIND $rows AS r CREATE (f:FlowInstance) SET f = r"),
        // a step and, when it ends the flow, the flow's final status: one transaction
        STEP_FINISHED(
                "UNWIND $rows AS r MATCH (f:FlowInstance {id: r.flowId}) "
                        + "CREATE (f)-[:HAS_STEP]->(s:StepRun) SET s = r.step, f.updatedAt = r.step.finishedAt, "
                        + "f.status = coalesce(r.flowStatus, f.status), f.error = coalesce(r.flowError, f.error)"),
        FLOW_FINISHED(
                "UNWIND $rows AS r MATCH (f:FlowInstance {id: r.id}) "
                        + "SET f.status = r.status, f.error = r.error, f.updatedAt = r.updatedAt");

        final String cypher;

        Kind(String cypher) {
            this.cypher = cypher;
        }
    }
}
