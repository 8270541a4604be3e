package dev.steward.policy.budget;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.steward.api.policy.PolicySubject;
import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;

/**
 * The budgets in the knowledge store: a {@code (:BudgetScope)} per day, agent-day and limited flow, holding its
 * limit and what is reserved and spent (micro-dollars), and a {@code (:BudgetReservation)} per step key. A
 * reservation takes the write locks of all its scopes (in id order) before it reads them, so concurrent
 * reservations, on one node or several, see each other and never pass a limit together.
 */
final class BudgetLedger {

    /** A scope that would go over its limit: what it allows and what is reserved or spent against it. */
    record Over(String scope, long limitMicros, long usedMicros) {
    }

    /** A reservation's outcome: granted (now, or before for the same key), or refused by the scopes over limit. */
    record Outcome(boolean granted, List<Over> over) {
    }

    private static final String RESERVE = "UNWIND $scopes AS s "
            + "MERGE (b:BudgetScope {id: s.id}) ON CREATE SET b.reservedMicros = 0, b.spentMicros = 0 "
            + "SET b.limitMicros = s.limit, b.lockedBy = $key "
            + "WITH collect(b) AS scopes "
            + "OPTIONAL MATCH (r:BudgetReservation {key: $key}) "
            + "WITH scopes, coalesce(r.state = 'RESERVED', false) AS held "
            + "WITH scopes, held, [b IN scopes WHERE NOT held AND b.limitMicros >= 0 "
            + "AND b.reservedMicros + b.spentMicros + $amount > b.limitMicros] AS over "
            + "WITH scopes, held, over, NOT held AND size(over) = 0 AS take "
            + "FOREACH (b IN CASE WHEN take THEN scopes ELSE [] END | SET b.reservedMicros = b.reservedMicros + $amount) "
            + "FOREACH (x IN CASE WHEN take THEN [1] ELSE [] END | MERGE (n:BudgetReservation {key: $key}) "
            + "SET n += $reservation, n.state = 'RESERVED', n.scopes = [b IN scopes | b.id]) "
            + "RETURN held OR take AS granted, "
            + "[b IN over | {scope: b.id, limit: b.limitMicros, used: b.reservedMicros + b.spentMicros}] AS over";

    private static final String SETTLE = "MERGE (r:BudgetReservation {key: $key}) "
            + "ON CREATE SET r += $reservation, r.state = 'RESERVED', r.amountMicros = 0, r.scopes = $scopeIds, "
            + "r.approvedOverBudget = true "
            + "WITH r WHERE r.state = 'RESERVED' "
            + "SET r.state = $state, r.spentMicros = $spent, r.settledAt = $at "
            + "WITH r UNWIND r.scopes AS id "
            + "MERGE (b:BudgetScope {id: id}) ON CREATE SET b.reservedMicros = 0, b.spentMicros = 0, b.limitMicros = -1 "
            + "SET b.reservedMicros = b.reservedMicros - r.amountMicros, b.spentMicros = b.spentMicros + $spent "
            + "RETURN count(b) AS scopes";

    private final GraphStore store;

    BudgetLedger(GraphStore store) {
        this.store = store;
    }

    /** Reserves {@code amount} against every scope, all or none; granted again, unchanged, for a key reserved before. */
    Outcome reserve(PolicySubject subject, List<Limits.Scope> scopes, long amount, Instant at) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("key", subject.key());
        params.put("amount", amount);
        params.put("scopes", scopes.stream().map(Limits.Scope::row).toList());
        Map<String, Object> reservation = reservation(subject, at);
        reservation.put("amountMicros", amount);
        params.put("reservation", reservation);
        Map<String, Object> row = store.write(new Statement(RESERVE, params)).get(0);
        List<Over> over = ((List<?>) row.get("over")).stream().map(o -> (Map<?, ?>) o)
                .map(o -> new Over((String) o.get("scope"), ((Number) o.get("limit")).longValue(),
                        ((Number) o.get("used")).longValue())).toList();
        return new Outcome(Boolean.TRUE.equals(row.get("granted")), over);
    }

    /**
     * Settles a key once: its reservation is given back and what was spent is added to its scopes. A key with no
     * reservation (a step the operator approved over budget) is charged to {@code scopes}.
     */
    void settle(PolicySubject subject, List<Limits.Scope> scopes, boolean ran, long spent, Instant at) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("key", subject.key());
        params.put("reservation", reservation(subject, at));
        params.put("scopeIds", scopes.stream().map(Limits.Scope::id).toList());
        params.put("state", ran ? "SETTLED" : "RELEASED");
        params.put("spent", spent);
        params.put("at", at.toString());
        store.write(new Statement(SETTLE, params));
    }

    /** Every scope's limit, reserved and spent micro-dollars, by scope id; {@code prefix} filters the ids. */
    Map<String, long[]> usage(String prefix) {
        Map<String, long[]> usage = new LinkedHashMap<>();
        for (Map<String, Object> r : store.read(new Statement("MATCH (b:BudgetScope) WHERE b.id STARTS WITH $prefix "
                + "RETURN b.id AS id, b.limitMicros AS limit, b.reservedMicros AS reserved, b.spentMicros AS spent "
                + "ORDER BY id", Map.of("prefix", prefix)))) {
            usage.put((String) r.get("id"), new long[] {((Number) r.get("limit")).longValue(),
                ((Number) r.get("reserved")).longValue(), ((Number) r.get("spent")).longValue()});
        }
        return usage;
    }

    private static Map<String, Object> reservation(PolicySubject subject, Instant at) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("flowId", subject.flowInstanceId());
        r.put("stepId", subject.stepId());
        r.put("agentId", subject.agentId());
        r.put("capability", subject.capability());
        r.put("reservedAt", at.toString());
        return r;
    }
}
