package dev.steward.kernel.internal;

import java.util.Map;

/**
 * One write to the flow journal. A step is written only while its flow is held by the node that ran it
 * (the lease owner) and is still in the state the write belongs to, so a node that lost its lease, or a flow
 * cancelled meanwhile, is not written over; each statement returns the {@link #key() key} of every row it
 * applied, so the writer learns which entries were refused. Entries of one kind are written together with one {@code UNWIND}
 * statement, and the kinds of a batch in the order of {@link Kind}: a flow exists before its steps.
 */
record JournalEntry(Kind kind, Map<String, Object> row) {

    private static final String EVENTS = " FOREACH (e IN r.events | CREATE (f)-[:HAS_EVENT]->(x:FlowEvent) SET x = e)";
    private static final String FORWARD = "UNWIND $rows AS r MATCH (f:FlowInstance {id: r.flowId, owner: r.owner}) "
            + "WHERE f.status IN ['RUNNING', 'WAITING'] ";
    // the outbound effects a step asked for, into the outbox with the step's result (the fabric delivers them)
    private static final String OUTBOX = " FOREACH (x IN coalesce(r.effects, []) | "
            + "MERGE (o:OutboxEffect {key: x.key}) ON CREATE SET o = x MERGE (s)-[:REQUESTED]->(o))";

    enum Kind {
        FLOW_CREATED(
                "UNWIND $rows AS r CREATE (f:FlowInstance) SET f = r.flow WITH f, r" + EVENTS + " RETURN r.flow.id AS entry"),
        // a step was dispatched to an agent version: its pin; a new step is RUNNING until it finishes, a retried or held
        // one keeps what it records and only takes the pin
        STEP_DISPATCHED(FORWARD
                + "MERGE (s:StepRun {id: r.step.id}) ON CREATE SET s += r.step ON MATCH SET s.pin = r.step.pin "
                + "MERGE (f)-[:HAS_STEP]->(s) RETURN r.step.id AS entry"),
        // a wait began: the step is WAITING with its deadline, so a restart keeps the deadline
        WAIT_STARTED(FORWARD
                + "MERGE (s:StepRun {id: r.step.id}) SET s += r.step MERGE (f)-[:HAS_STEP]->(s) "
                + "SET f.status = r.flowStatus, f.updatedAt = r.step.startedAt RETURN r.step.id AS entry"),
        // a step and, when it ends the flow, the flow's final status: one transaction
        STEP_FINISHED(FORWARD
                + "MERGE (s:StepRun {id: r.step.id}) SET s += r.step MERGE (f)-[:HAS_STEP]->(s)" + OUTBOX
                + " "
                + "SET f.updatedAt = r.step.finishedAt, f.status = r.flowStatus, f.error = coalesce(r.flowError, f.error)"
                + EVENTS + " RETURN r.step.id AS entry"),
        // a wait ended: as STEP_FINISHED, and the signal that ended it is marked used
        WAIT_FINISHED(FORWARD
                + "MERGE (s:StepRun {id: r.step.id}) SET s += r.step MERGE (f)-[:HAS_STEP]->(s)" + OUTBOX
                + " "
                + "SET f.updatedAt = r.step.finishedAt, f.status = r.flowStatus, f.error = coalesce(r.flowError, f.error)"
                + EVENTS + " WITH f, r OPTIONAL MATCH (f)-[:HAS_SIGNAL]->(g:Signal {name: r.signal}) "
                + "WHERE g.consumedBy IS NULL SET g.consumedBy = r.step.stepId RETURN DISTINCT r.step.id AS entry"),
        // the compensation of one step ran (or failed for good) during a rollback
        STEP_COMPENSATED(
                "UNWIND $rows AS r MATCH (f:FlowInstance {id: r.flowId, owner: r.owner}) WHERE f.status = 'COMPENSATING' "
                        + "MATCH (f)-[:HAS_STEP]->(s:StepRun {id: r.stepRunId}) SET s += r.compensation "
                        + "SET f.updatedAt = r.at, f.status = r.flowStatus, f.error = coalesce(r.flowError, f.error)"
                        + EVENTS + " RETURN r.stepRunId AS entry"),
        // a rollback ended with nothing left to compensate
        ROLLBACK_ENDED(
                "UNWIND $rows AS r MATCH (f:FlowInstance {id: r.flowId, owner: r.owner}) WHERE f.status = 'COMPENSATING' "
                        + "SET f.status = 'COMPENSATED', f.updatedAt = r.at" + EVENTS + " RETURN r.flowId AS entry");

        final String cypher;

        Kind(String cypher) {
            this.cypher = cypher;
        }
    }

    /** What the entry's statement returns in column {@code entry} for this row when it was applied. */
    @SuppressWarnings("unchecked")
    String key() {
        return switch (kind) {
            case FLOW_CREATED -> (String) ((Map<String, Object>) row.get("flow")).get("id");
            case STEP_DISPATCHED, WAIT_STARTED, STEP_FINISHED, WAIT_FINISHED -> (String) ((Map<String, Object>) row.get("step")).get("id");
            case STEP_COMPENSATED -> (String) row.get("stepRunId");
            case ROLLBACK_ENDED -> (String) row.get("flowId");
        };
    }
}
