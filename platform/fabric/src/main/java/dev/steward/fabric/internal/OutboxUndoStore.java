package dev.steward.fabric.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;

/**
 * The outbox's side of a rollback, in the graph store. When a flow is rolled back, its effects not yet delivered are
 * CANCELLED and its delivered ones become COMPENSATING (one being delivered at that moment is marked to follow once
 * delivered); each is then claimed (UNDOING), undone by its connector and marked COMPENSATED, IRREVERSIBLE (its
 * connector cannot undo) or COMPENSATION_FAILED. Every change is guarded by the status it expects.
 */
final class OutboxUndoStore {

    static final List<String> UNDELIVERED = List.of("PENDING", "HELD", "DENIED", "FAILED");

    /** The transitions of one rolled-back flow's effects (reached from the flow, so that no effect scan is needed). */
    private static final String ROLLED_BACK = """
            MATCH (:FlowInstance {id: $flow})-[:HAS_STEP]->(:StepRun)-[:REQUESTED]->(o:OutboxEffect)
            WHERE o.status IN $undelivered OR o.status IN ['DELIVERED', 'DELIVERING']
            WITH o, o.status AS before
            SET o.status = CASE WHEN before IN $undelivered THEN 'CANCELLED' WHEN before = 'DELIVERED' THEN 'COMPENSATING'
                    ELSE before END,
                o.undoAfterDelivery = CASE WHEN before = 'DELIVERING' THEN true ELSE o.undoAfterDelivery END,
                o.lastError = CASE WHEN before IN $undelivered THEN 'the flow was rolled back before this effect was delivered'
                    ELSE o.lastError END,
                o.nextAttemptAt = CASE WHEN before = 'DELIVERED' THEN $now ELSE o.nextAttemptAt END,
                o.undoAttempts = coalesce(o.undoAttempts, 0)
            RETURN o.status AS status, count(o) AS n""";
    /** Rolled-back flows whose effects were never moved on (the platform stopped before it heard of the rollback). */
    private static final String MISSED = """
            MATCH (f:FlowInstance {status: 'COMPENSATED'})-[:HAS_STEP]->(:StepRun)-[:REQUESTED]->(o:OutboxEffect)
            WHERE o.status IN $undelivered OR o.status = 'DELIVERED'
            RETURN DISTINCT f.id AS flow LIMIT 1000""";
    private static final String DUE = """
            MATCH (o:OutboxEffect) WHERE (o.status = 'COMPENSATING' AND o.nextAttemptAt <= $now)
                OR (o.status = 'UNDOING' AND o.claimedUntil < $now)
            RETURN o ORDER BY o.nextAttemptAt, o.key LIMIT $limit""";
    private static final String CLAIM = """
            MATCH (o:OutboxEffect {key: $key})
            WHERE (o.status = 'COMPENSATING' AND o.nextAttemptAt <= $now) OR (o.status = 'UNDOING' AND o.claimedUntil < $now)
            SET o.status = 'UNDOING', o.claimedAt = $now, o.claimedUntil = $until, o.undoAttempts = o.undoAttempts + 1
            RETURN o""";
    /** To an end status (COMPENSATED, IRREVERSIBLE, COMPENSATION_FAILED), or back to COMPENSATING for a later try. */
    private static final String SETTLE = """
            MATCH (o:OutboxEffect {key: $key, status: 'UNDOING'})
            SET o.status = $status, o.lastError = $reason, o.nextAttemptAt = $next,
                o.compensatedAt = CASE WHEN $status = 'COMPENSATED' THEN $now ELSE o.compensatedAt END,
                o.undoAttempts = o.undoAttempts - $uncount
            RETURN o.key AS key""";
    private static final String RELEASE_STALE = """
            MATCH (o:OutboxEffect {status: 'UNDOING'}) WHERE o.claimedAt < $startedAt
            SET o.status = 'COMPENSATING', o.nextAttemptAt = $startedAt,
                o.lastError = 'the platform stopped while undoing it: undone again'
            RETURN count(o) AS n""";

    private final GraphStore store;

    OutboxUndoStore(GraphStore store) {
        this.store = store;
    }

    /** @return per new status, how many of the flow's effects moved to it */
    Map<String, Long> rolledBack(String flowId, long now) {
        Map<String, Long> moved = new java.util.TreeMap<>();
        store.write(new Statement(ROLLED_BACK, Map.of("flow", flowId, "undelivered", UNDELIVERED, "now", now)))
                .forEach(r -> moved.merge((String) r.get("status"), ((Number) r.get("n")).longValue(), Long::sum));
        return moved;
    }

    List<String> missedRollbacks() {
        return store.read(new Statement(MISSED, Map.of("undelivered", UNDELIVERED))).stream()
                .map(r -> (String) r.get("flow")).toList();
    }

    List<Map<String, Object>> due(long now, int limit) {
        return store.read(new Statement(DUE, Map.of("now", now, "limit", limit))).stream().map(OutboxUndoStore::node).toList();
    }

    Optional<Map<String, Object>> claim(String key, long now, long until) {
        return store.write(new Statement(CLAIM, Map.of("key", key, "now", now, "until", until))).stream()
                .findFirst().map(OutboxUndoStore::node);
    }

    /** @param attempt whether the try counts as an attempt (waiting for a connector does not) */
    boolean settle(String key, String status, String reason, long now, long next, boolean attempt) {
        return !store.write(new Statement(SETTLE, Map.of("key", key, "status", status, "reason", reason, "now", now,
                "next", next, "uncount", attempt ? 0 : 1))).isEmpty();
    }

    long releaseStale(long startedAt) {
        return ((Number) store.write(new Statement(RELEASE_STALE, Map.of("startedAt", startedAt))).get(0).get("n"))
                .longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> node(Map<String, Object> row) {
        return (Map<String, Object>) row.get("o");
    }
}
