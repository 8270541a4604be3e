package dev.steward.fabric.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.steward.api.fabric.OutboxEntry;
import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;

/**
 * The outbox in the graph store: {@code (:OutboxEffect)} nodes that the kernel writes with a step's result (see
 * docs/fabric.md), claimed, delivered and marked here. Every change is guarded by the status it expects, so two
 * deliverers (or a deliverer and the operator) never both act on one effect.
 */
final class OutboxStore {

    /** The effects due now: PENDING and due, or left DELIVERING by a platform that stopped (its claim ran out). */
    private static final String DUE = """
            MATCH (o:OutboxEffect) WHERE (o.status = 'PENDING' AND o.nextAttemptAt <= $now)
                OR (o.status = 'DELIVERING' AND o.claimedUntil < $now)
            RETURN o ORDER BY o.requestedAt, o.key LIMIT $limit""";
    private static final String CLAIM = """
            MATCH (o:OutboxEffect {key: $key})
            WHERE (o.status = 'PENDING' AND o.nextAttemptAt <= $now) OR (o.status = 'DELIVERING' AND o.claimedUntil < $now)
            SET o.status = 'DELIVERING', o.claimedAt = $now, o.claimedUntil = $until, o.attempts = o.attempts + 1
            RETURN o""";
    private static final String DELIVERED = """
            MATCH (o:OutboxEffect {key: $key, status: 'DELIVERING'})
            SET o.status = CASE WHEN o.undoAfterDelivery THEN 'COMPENSATING' ELSE 'DELIVERED' END, o.deliveredAt = $at,
                o.nextAttemptAt = $at, o.externalId = $externalId, o.receipt = $receipt, o.lastError = '', o.payload = $payload
            RETURN o.key AS key""";
    /**
     * Back to PENDING with the reason and the next attempt, or to an end status (FAILED, DENIED, HELD); CANCELLED if its
     * flow was rolled back meanwhile.
     */
    private static final String SETTLE = """
            MATCH (o:OutboxEffect {key: $key, status: 'DELIVERING'})
            SET o.status = CASE WHEN o.undoAfterDelivery THEN 'CANCELLED' ELSE $status END, o.lastError = $reason,
                o.nextAttemptAt = $next
            RETURN o.key AS key""";
    /** Waiting for a connector is not an attempt. */
    private static final String UNCLAIM = """
            MATCH (o:OutboxEffect {key: $key, status: 'DELIVERING'})
            SET o.status = CASE WHEN o.undoAfterDelivery THEN 'CANCELLED' ELSE 'PENDING' END, o.lastError = $reason, o.nextAttemptAt = $next, o.attempts = o.attempts - 1
            RETURN o.key AS key""";
    /** Claims made before this platform started: it stopped while delivering them. */
    private static final String RELEASE_STALE = """
            MATCH (o:OutboxEffect {status: 'DELIVERING'}) WHERE o.claimedAt < $startedAt
            SET o.status = CASE WHEN o.undoAfterDelivery THEN 'COMPENSATING' ELSE 'PENDING' END, o.nextAttemptAt = $startedAt,
                o.lastError = CASE WHEN o.undoAfterDelivery THEN 'the platform stopped during its delivery, and its flow was rolled back: undone'
                    ELSE 'the platform stopped during its delivery: delivered again with the same key' END
            RETURN count(o) AS n""";
    private static final String LIST = """
            MATCH (o:OutboxEffect) WHERE $status IS NULL OR o.status = $status
            RETURN o ORDER BY o.requestedAt DESC, o.key LIMIT $limit""";
    private static final String FIND = "MATCH (o:OutboxEffect {key: $key}) RETURN o";
    /** A flow's effects, reached from it as its rollback reaches them ({@link OutboxUndoStore}). */
    private static final String OF_FLOW = """
            MATCH (:FlowInstance {id: $flowId})-[:HAS_STEP]->(:StepRun)-[:REQUESTED]->(o:OutboxEffect)
            RETURN DISTINCT o ORDER BY o.requestedAt DESC, o.key""";
    private static final String OPERATOR = """
            MATCH (o:OutboxEffect {key: $key}) WHERE o.status IN $from
            SET o.status = $to, o.nextAttemptAt = $at, o.lastError = $note, o.released = $released
            RETURN o""";
    private static final String COUNTS = "MATCH (o:OutboxEffect) WHERE o.status IN $statuses "
            + "RETURN o.status AS status, count(o) AS n, min(o.requestedAt) AS oldest";

    private final GraphStore store;

    OutboxStore(GraphStore store) {
        this.store = store;
    }

    List<Map<String, Object>> due(long now, int limit) {
        return store.read(new Statement(DUE, Map.of("now", now, "limit", limit))).stream().map(OutboxStore::node).toList();
    }

    Optional<Map<String, Object>> claim(String key, long now, long until) {
        return store.write(new Statement(CLAIM, Map.of("key", key, "now", now, "until", until))).stream()
                .findFirst().map(OutboxStore::node);
    }

    boolean delivered(String key, long at, String externalId, String receipt, String payload) {
        return !store.write(new Statement(DELIVERED, Map.of("key", key, "at", at, "externalId", externalId,
                "receipt", receipt, "payload", payload))).isEmpty();
    }

    boolean settle(String key, String status, String reason, long next) {
        return !store.write(new Statement(SETTLE, Map.of("key", key, "status", status, "reason", reason, "next", next)))
                .isEmpty();
    }

    boolean unclaim(String key, String reason, long next) {
        return !store.write(new Statement(UNCLAIM, Map.of("key", key, "reason", reason, "next", next))).isEmpty();
    }

    long releaseStale(long startedAt) {
        return ((Number) store.write(new Statement(RELEASE_STALE, Map.of("startedAt", startedAt))).get(0).get("n"))
                .longValue();
    }

    List<OutboxEntry> list(String status, int limit) {
        Map<String, Object> p = new HashMap<>();
        p.put("status", status);
        p.put("limit", limit);
        return store.read(new Statement(LIST, p)).stream().map(r -> entry(node(r))).toList();
    }

    /** Every effect a flow's steps asked for, latest first. */
    List<OutboxEntry> ofFlow(String flowId) {
        return store.read(new Statement(OF_FLOW, Map.of("flowId", flowId))).stream().map(r -> entry(node(r))).toList();
    }

    Optional<OutboxEntry> find(String key) {
        return store.read(new Statement(FIND, Map.of("key", key))).stream().findFirst().map(r -> entry(node(r)));
    }

    /** An operator's change: from one of {@code from} to {@code to}; empty when it was in none of them. */
    Optional<OutboxEntry> operator(String key, List<String> from, String to, long at, String note, boolean released) {
        return store.write(new Statement(OPERATOR, Map.of("key", key, "from", from, "to", to, "at", at, "note", note,
                "released", released))).stream().findFirst().map(r -> entry(node(r)));
    }

    /** Per status: how many, and the oldest request (epoch ms). */
    Map<String, long[]> counts(List<String> statuses) {
        Map<String, long[]> out = new HashMap<>();
        for (Map<String, Object> r : store.read(new Statement(COUNTS, Map.of("statuses", statuses)))) {
            out.put((String) r.get("status"), new long[] {((Number) r.get("n")).longValue(),
                ((Number) r.get("oldest")).longValue()});
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> node(Map<String, Object> row) {
        return (Map<String, Object>) row.get("o");
    }

    static OutboxEntry entry(Map<String, Object> o) {
        Object delivered = o.get("deliveredAt");
        return new OutboxEntry((String) o.get("key"), (String) o.get("capability"), (String) o.get("flowId"),
                (String) o.get("stepId"), (String) o.get("status"), ((Number) o.get("attempts")).intValue(),
                (String) o.get("lastError"), Instant.ofEpochMilli(((Number) o.get("requestedAt")).longValue()),
                delivered == null ? null : Instant.ofEpochMilli(((Number) delivered).longValue()),
                (String) o.get("externalId"));
    }
}
