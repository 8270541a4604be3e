package dev.steward.memory.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.steward.api.memory.Fact;
import dev.steward.api.memory.FactAssertion;
import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;

/**
 * Records facts bi-temporally. A single-valued fact that contradicts the current one supersedes it: the old record
 * is retracted (the system no longer believes it holds without end) and a closed copy, valid until the new fact
 * starts, takes its place, so history as of an earlier time stays answerable. Nothing is deleted. Assertions about
 * one subject serialize on the subject's node lock.
 */
final class FactLedger {

    private static final String ASSERT = """
            MATCH (s:Entity {id: $subjectId})
            OPTIONAL MATCH (o:Entity {id: $objectId})
            WITH s, o WHERE $objectId IS NULL OR o IS NOT NULL
            SET s.factsChangedAt = $now
            WITH s, o
            OPTIONAL MATCH (s)<-[:ABOUT]-(same:Fact {predicate: $predicate})
            WHERE same.retractedAt IS NULL AND same.validFrom <= $validFrom
              AND (same.validTo IS NULL OR same.validTo > $validFrom)
              AND coalesce(same.value, '') = coalesce($value, '') AND coalesce(same.objectId, '') = coalesce($objectId, '')
            WITH s, o, head(collect(same)) AS same
            CALL {
                WITH s, o, same
                WITH s, o, same WHERE same IS NULL
                OPTIONAL MATCH (s)<-[:ABOUT]-(later:Fact {predicate: $predicate})
                WHERE $single AND later.retractedAt IS NULL AND later.validFrom > $validFrom
                WITH s, o, min(later.validFrom) AS until
                CREATE (f:Fact)
                SET f = $props, f.validTo = CASE WHEN until IS NULL OR (until > $validTo) THEN $validTo ELSE until END
                CREATE (f)-[:ABOUT]->(s)
                FOREACH (x IN CASE WHEN o IS NULL THEN [] ELSE [o] END | CREATE (f)-[:OBJECT]->(x))
                WITH s, f
                CALL {
                    WITH s, f
                    OPTIONAL MATCH (s)<-[:ABOUT]-(old:Fact {predicate: $predicate})
                    WHERE $single AND old <> f AND old.retractedAt IS NULL AND old.validFrom < $validFrom
                      AND (old.validTo IS NULL OR old.validTo > $validFrom)
                    OPTIONAL MATCH (old)-[:OBJECT]->(oldObject:Entity)
                    FOREACH (x IN CASE WHEN old IS NULL THEN [] ELSE [old] END |
                        CREATE (closed:Fact)
                        SET closed = x {.*, id: randomUUID(), validTo: $validFrom, recordedAt: $now,
                                        supersedes: x.id, closedBy: f.id}
                        SET x.retractedAt = $now, x.supersededBy = closed.id
                        CREATE (closed)-[:ABOUT]->(s)
                        FOREACH (y IN CASE WHEN oldObject IS NULL THEN [] ELSE [oldObject] END |
                            CREATE (closed)-[:OBJECT]->(y)))
                    RETURN count(old) AS closedCount
                }
                RETURN f
              UNION
                WITH same
                WITH same WHERE same IS NOT NULL
                RETURN same AS f
            }
            RETURN properties(f) AS fact
            """;

    private static final String CURRENT = """
            MATCH (e:Entity {id: $id})
            OPTIONAL MATCH (e)<-[:ABOUT]-(f:Fact)
            WHERE f.retractedAt IS NULL AND f.validFrom <= $asOf AND (f.validTo IS NULL OR f.validTo > $asOf)
            RETURN properties(f) AS fact
            ORDER BY f.predicate, f.validFrom
            """;

    /**
     * Retracts what a flow asserted: its current facts, and the closed copies they made of facts they superseded,
     * whose originals come back as new current records (so what the flow contradicted holds again, and the history
     * of what the system believed meanwhile stays). Idempotent.
     */
    private static final String RETRACT_FLOW = """
            MATCH (f:Fact {provFlowInstanceId: $flow}) WHERE f.retractedAt IS NULL
            SET f.retractedAt = $now, f.retractedBy = $why
            WITH f
            OPTIONAL MATCH (closed:Fact {closedBy: f.id}) WHERE closed.retractedAt IS NULL
            OPTIONAL MATCH (closed)-[:ABOUT]->(s:Entity)
            OPTIONAL MATCH (closed)-[:OBJECT]->(o:Entity)
            OPTIONAL MATCH (original:Fact {id: closed.supersedes})
            FOREACH (c IN CASE WHEN closed IS NULL THEN [] ELSE [closed] END | SET c.retractedAt = $now, c.retractedBy = $why)
            FOREACH (x IN CASE WHEN original IS NULL OR s IS NULL THEN [] ELSE [original] END |
                CREATE (back:Fact)
                SET back = x {.*, id: randomUUID(), recordedAt: $now, retractedAt: null, supersededBy: null,
                              restoredFrom: x.id, restoredAfter: f.id}
                SET s.factsChangedAt = $now
                CREATE (back)-[:ABOUT]->(s)
                FOREACH (y IN CASE WHEN o IS NULL THEN [] ELSE [o] END | CREATE (back)-[:OBJECT]->(y)))
            RETURN count(DISTINCT f) AS retracted
            """;

    private final GraphStore store;
    private final Clock clock;

    /** The flows the journal shows rolled back whose facts are still current (their notice was lost in a crash). */
    private static final String ROLLED_BACK = """
            MATCH (f:Fact) WHERE f.retractedAt IS NULL AND f.provFlowInstanceId IS NOT NULL
            WITH DISTINCT f.provFlowInstanceId AS flow
            MATCH (:FlowInstance {id: flow, status: 'COMPENSATED'})
            RETURN flow
            """;

    /** Retracts the facts of every rolled-back flow that still has current ones; returns how many flows. */
    int retractRolledBack() {
        List<String> flows = store.read(new Statement(ROLLED_BACK, Map.of())).stream()
                .map(r -> (String) r.get("flow")).toList();
        flows.forEach(flow -> retractFlow(flow, "rollback of flow " + flow));
        return flows.size();
    }

    /** Retracts the facts a flow asserted (its rollback); returns how many of its facts were retracted. */
    long retractFlow(String flowId, String why) {
        List<Map<String, Object>> rows = store.write(new Statement(RETRACT_FLOW,
                Map.of("flow", flowId, "now", clock.millis(), "why", why)));
        return rows.isEmpty() ? 0 : ((Number) rows.get(0).get("retracted")).longValue();
    }

    FactLedger(GraphStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    Fact assertFact(FactAssertion a) {
        return assertFact(a, List.of());
    }

    /** Asserts a fact, keeping the policy decisions that let it through on its node. */
    Fact assertFact(FactAssertion a, List<String> decisions) {
        Objects.requireNonNull(a, "Fact assertion must be given");
        long now = clock.millis();
        Map<String, Object> props = Props.provenance(a.provenance());
        props.put("id", UUID.randomUUID().toString());
        if (!decisions.isEmpty()) {
            props.put("policyDecisions", decisions);
        }
        props.put("subjectId", a.subjectId());
        props.put("predicate", a.predicate());
        props.put("objectId", a.objectId());
        props.put("value", a.value());
        props.put("single", a.singleValued());
        props.put("confidence", a.confidence());
        props.put("validFrom", a.validFrom().toEpochMilli());
        props.put("recordedAt", now);

        Map<String, Object> params = new HashMap<>();
        params.put("subjectId", a.subjectId());
        params.put("objectId", a.objectId());
        params.put("predicate", a.predicate());
        params.put("value", a.value());
        params.put("single", a.singleValued());
        params.put("validFrom", a.validFrom().toEpochMilli());
        params.put("validTo", a.validTo() == null ? null : a.validTo().toEpochMilli());
        params.put("now", now);
        params.put("props", props);

        List<Map<String, Object>> rows = store.write(new Statement(ASSERT, params));
        if (rows.isEmpty()) {
            throw unknown(a);
        }
        return Props.fact(column(rows.get(0), "fact"));
    }

    List<Fact> current(String entityId, Instant asOf) {
        Input.id("Entity id", entityId);
        Objects.requireNonNull(asOf, "asOf must be given");
        List<Map<String, Object>> rows = store.read(new Statement(CURRENT, Map.of("id", entityId, "asOf", asOf.toEpochMilli())));
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("Unknown entity id " + entityId);
        }
        return rows.stream().filter(r -> r.get("fact") != null).map(r -> Props.fact(column(r, "fact"))).toList();
    }

    private IllegalArgumentException unknown(FactAssertion a) {
        List<Map<String, Object>> found = store.read(new Statement(
                "MATCH (e:Entity) WHERE e.id IN $ids RETURN e.id AS id",
                Map.of("ids", a.objectId() == null ? List.of(a.subjectId()) : List.of(a.subjectId(), a.objectId()))));
        List<Object> ids = found.stream().map(r -> r.get("id")).toList();
        if (!ids.contains(a.subjectId())) {
            return new IllegalArgumentException("Unknown subject entity id " + a.subjectId());
        }
        return new IllegalArgumentException("Unknown object entity id " + a.objectId());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> column(Map<String, Object> row, String name) {
        return (Map<String, Object>) row.get(name);
    }
}
