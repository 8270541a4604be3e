package dev.steward.governance.internal;

import java.util.List;
import java.util.Map;

import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;

/**
 * The read-only statements the operator's metrics are computed from: the flow journal (flows, held steps, signals,
 * agents' costs), the exceptions inbox's dead letters and the budget ledger's scopes (their models are in
 * docs/kernel.md and the fabric and budget sources). Exact filtering by time is done by the callers (see
 * {@link Window}).
 */
final class JournalReads {

    static final List<String> ENDED = List.of("COMPLETED", "FAILED", "CANCELLED", "COMPENSATED");

    private static final String FLOWS = """
            MATCH (f:FlowInstance) WHERE f.startedAt >= $lo AND f.startedAt < $hi AND f.status IN $ended
            RETURN f.id AS id, f.definitionId AS definitionId, f.status AS status, f.startedAt AS startedAt,
                EXISTS { MATCH (f)-[:HAS_STEP]->(s:StepRun) WHERE s.signal STARTS WITH 'approval:' }
                OR EXISTS { MATCH (f)-[:HAS_EVENT]->(e:FlowEvent) WHERE e.type = 'RETRIED' } AS human""";
    // heldAt is kept since the hold began; older journals only have startedAt, which an approved step's call overwrote
    private static final String HOLDS = """
            MATCH (f:FlowInstance)-[:HAS_STEP]->(s:StepRun)
            WHERE s.signal STARTS WITH 'approval:' AND coalesce(s.heldAt, s.startedAt) >= $lo
                AND coalesce(s.heldAt, s.startedAt) < $hi
            OPTIONAL MATCH (f)-[:HAS_SIGNAL]->(g:Signal) WHERE g.name = s.signal AND g.consumedBy = s.stepId
            RETURN s.id AS id, coalesce(s.heldAt, s.startedAt) AS heldAt, s.status AS status, s.deadline AS deadline,
                f.status AS flowStatus, f.updatedAt AS flowUpdatedAt, max(g.sentAt) AS decidedAt""";
    private static final String COSTS = """
            MATCH (s:StepRun) WHERE s.finishedAt >= $lo AND s.finishedAt < $hi AND s.costUsd IS NOT NULL
            RETURN s.agent AS agent, s.finishedAt AS finishedAt, s.costUsd AS costUsd""";
    private static final String AGENT_BUDGETS = """
            MATCH (b:BudgetScope) WHERE b.id STARTS WITH 'agent:' AND b.limitMicros >= 0
            RETURN b.id AS id, b.limitMicros AS limitMicros""";
    private static final String DEAD_LETTERS = """
            MATCH (d:DeadLetter) WHERE d.failedAt >= $fromMillis AND d.failedAt < $toMillis
            RETURN d.status AS status, d.failedAt AS failedAt, d.replayedAt AS replayedAt, d.discardedAt AS discardedAt""";

    private final GraphStore store;

    JournalReads(GraphStore store) {
        this.store = store;
    }

    /** Flows started about in the window that have ended, each with whether a human took part. */
    List<Map<String, Object>> endedFlows(Window w) {
        return store.read(new Statement(FLOWS, Map.of("lo", w.lo(), "hi", w.hi(), "ended", ENDED)));
    }

    /** Steps held for approval about in the window, with the decision's time when one was taken. */
    List<Map<String, Object>> holds(Window w) {
        return store.read(new Statement(HOLDS, Map.of("lo", w.lo(), "hi", w.hi())));
    }

    /** Agents' reported costs of steps that finished about in the window. */
    List<Map<String, Object>> costs(Window w) {
        return store.read(new Statement(COSTS, Map.of("lo", w.lo(), "hi", w.hi())));
    }

    /** Every agent-day budget scope that has a limit. */
    List<Map<String, Object>> agentBudgets() {
        return store.read(new Statement(AGENT_BUDGETS, Map.of()));
    }

    /** Dead letters that (last) failed in the window. */
    List<Map<String, Object>> deadLetters(Window w) {
        return store.read(new Statement(DEAD_LETTERS, Map.of("fromMillis", w.from().toEpochMilli(),
                "toMillis", w.to().toEpochMilli())));
    }
}
