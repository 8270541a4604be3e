package dev.steward.policy.budget;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;

/**
 * The budgets in the knowledge store: a {@code (:BudgetScope)} per day, agent-day and limited flow, holding its limit,
 * what was spent against it, and what is allotted to running nodes ({@code allottedMicros}, micro-dollars); and a
 * {@code (:BudgetAllotment)} per scope and holder (a node's run of this policy), renewed while the holder lives. An
 * allotment is taken under the scope's write lock (scopes in id order) and never passes what the limit leaves free,
 * so the holders together never pass a limit.
 */
final class BudgetLedger {

    /** What a scope allotted to this holder, and how it stands after: its limit and what is spent or allotted. */
    record Grant(String scope, long limitMicros, long grantedMicros, long usedMicros) {
    }

    /** An allotment taken back from a holder that stopped renewing it: counted as spent, since it may have been. */
    record Reclaimed(String scope, String holder, long micros) {
    }

    private static final String SCOPE = "MERGE (b:BudgetScope {id: w.id}) ON CREATE SET b.allottedMicros = 0, "
            + "b.spentMicros = 0, b.unaccountedMicros = 0, b.limitMicros = w.limit ";

    private static final String ALLOT = "UNWIND $wants AS w " + SCOPE
            + "SET b.limitMicros = w.limit "
            + "WITH b, w, b.limitMicros - b.spentMicros - b.allottedMicros AS free "
            + "WITH b, w, CASE WHEN free < w.need THEN 0 WHEN free < w.want THEN free ELSE w.want END AS grant "
            + "SET b.allottedMicros = b.allottedMicros + grant "
            + "FOREACH (x IN CASE WHEN grant > 0 THEN [1] ELSE [] END | "
            + "MERGE (a:BudgetAllotment {id: w.id + ' ' + $holder}) "
            + "ON CREATE SET a.scope = w.id, a.holder = $holder, a.micros = 0 "
            + "SET a.micros = a.micros + grant, a.renewedAt = $now) "
            + "RETURN w.id AS scope, b.limitMicros AS limit, grant, b.spentMicros + b.allottedMicros AS used";

    private static final String FLUSH = "UNWIND $deltas AS w " + SCOPE
            + "SET b.spentMicros = b.spentMicros + w.spent "
            + "WITH b, w OPTIONAL MATCH (a:BudgetAllotment {id: w.id + ' ' + $holder}) "
            + "WITH b, a, CASE WHEN a IS NULL THEN 0 WHEN w.release > a.micros THEN a.micros ELSE w.release END AS back "
            + "SET b.allottedMicros = b.allottedMicros - back "
            + "FOREACH (x IN CASE WHEN a IS NULL THEN [] ELSE [1] END | SET a.micros = a.micros - back, a.renewedAt = $now) "
            + "WITH a WHERE a IS NOT NULL AND a.micros <= 0 DELETE a";

    private static final String RENEW = "MATCH (a:BudgetAllotment {holder: $holder}) SET a.renewedAt = $now "
            + "RETURN a.scope AS scope";

    private static final String RECLAIM = "MATCH (a:BudgetAllotment) WHERE a.renewedAt < $staleBefore "
            + "AND a.holder <> $holder "
            + "MATCH (b:BudgetScope {id: a.scope}) "
            + "SET b.allottedMicros = b.allottedMicros - a.micros, b.spentMicros = b.spentMicros + a.micros, "
            + "b.unaccountedMicros = coalesce(b.unaccountedMicros, 0) + a.micros "
            + "WITH a, b.id AS scope, a.holder AS holder, a.micros AS micros DELETE a "
            + "RETURN scope, holder, micros";

    private final GraphStore store;
    private final String holder;

    BudgetLedger(GraphStore store, String holder) {
        this.store = store;
        this.holder = holder;
    }

    /**
     * Allots to this holder, in one transaction, {@code want} of each short scope, or what its limit leaves free if
     * that is less, or nothing when less than its {@code need} is free.
     */
    List<Grant> allot(List<Allotments.Short> shorts, long chunkPerMille, Instant at) {
        List<Map<String, Object>> wants = shorts.stream().sorted(Comparator.comparing(Allotments.Short::scope))
                .map(s -> Map.<String, Object>of("id", s.scope(), "limit", s.limitMicros(), "need", s.needMicros(),
                        "want", Math.max(s.needMicros(), s.limitMicros() / 1000 * chunkPerMille)))
                .toList();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("wants", wants);
        params.put("holder", holder);
        params.put("now", at.toEpochMilli());
        return store.write(new Statement(ALLOT, params)).stream()
                .map(r -> new Grant((String) r.get("scope"), number(r, "limit"), number(r, "grant"), number(r, "used")))
                .toList();
    }

    /** Adds what was spent to each scope and takes what was spent out of, or given back from, this holder's allotments. */
    void flush(List<Allotments.Delta> deltas, Instant at) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("deltas", deltas.stream().sorted(Comparator.comparing(Allotments.Delta::scope))
                .map(Allotments.Delta::row).toList());
        params.put("holder", holder);
        params.put("now", at.toEpochMilli());
        store.write(new Statement(FLUSH, params));
    }

    /**
     * Renews this holder's allotments, and takes back those of holders that did not renew theirs since
     * {@code staleBefore}; returns the scopes this holder still has an allotment of, and what was taken back.
     */
    Set<String> renew(Instant at, Instant staleBefore, List<Reclaimed> reclaimed) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("holder", holder);
        params.put("now", at.toEpochMilli());
        params.put("staleBefore", staleBefore.toEpochMilli());
        List<List<Map<String, Object>>> results = store.writeAllReturning(List.of(new Statement(RENEW, params),
                new Statement(RECLAIM, params)));
        Set<String> held = new TreeSet<>();
        results.get(0).forEach(r -> held.add((String) r.get("scope")));
        results.get(1).forEach(r -> reclaimed.add(new Reclaimed((String) r.get("scope"), (String) r.get("holder"),
                number(r, "micros"))));
        return held;
    }

    /** The limit, allotted, spent and unaccounted micro-dollars of the scopes whose id ends with {@code suffix}, by id. */
    Map<String, long[]> usage(String suffix) {
        Map<String, long[]> usage = new LinkedHashMap<>();
        for (Map<String, Object> r : store.read(new Statement("MATCH (b:BudgetScope) WHERE b.id ENDS WITH $suffix "
                + "RETURN b.id AS id, b.limitMicros AS limit, b.allottedMicros AS allotted, b.spentMicros AS spent, "
                + "coalesce(b.unaccountedMicros, 0) AS unaccounted ORDER BY id", Map.of("suffix", suffix)))) {
            usage.put((String) r.get("id"), new long[] {number(r, "limit"), number(r, "allotted"), number(r, "spent"),
                number(r, "unaccounted")});
        }
        return usage;
    }

    private static long number(Map<String, Object> row, String key) {
        return ((Number) row.get(key)).longValue();
    }
}
