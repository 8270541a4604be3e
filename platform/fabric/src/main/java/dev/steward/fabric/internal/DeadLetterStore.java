package dev.steward.fabric.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;

/** Keeps dead letters as {@code (:DeadLetter)} nodes in the graph store. */
final class DeadLetterStore {

    private static final String SAVE = """
            CREATE (d:DeadLetter {id: $id, route: $route, endpoint: $endpoint, reason: $reason,
                exceptionType: $exceptionType, payload: $payload, payloadTruncated: $payloadTruncated,
                headers: $headers, failedAt: $failedAt, status: 'OPEN', replayedAt: null})""";
    private static final String LIST = """
            MATCH (d:DeadLetter) WHERE $status IS NULL OR d.status = $status
            RETURN d ORDER BY d.failedAt DESC, d.id LIMIT $limit""";
    private static final String FIND = "MATCH (d:DeadLetter {id: $id}) RETURN d";
    private static final String OPEN_OF_ROUTE = """
            MATCH (d:DeadLetter {route: $route, status: 'OPEN'}) RETURN d.id AS id ORDER BY d.failedAt""";
    /** Moves a letter from one status to another only if it is in the first: the guard against double replay. */
    private static final String TRANSITION = """
            MATCH (d:DeadLetter {id: $id}) WHERE d.status = $from
            SET d.status = $to, d.statusChangedAt = timestamp()
            RETURN d.id AS id""";
    /** Returns letters a replay left REPLAYING (the platform stopped during it) to OPEN, with the reason. */
    private static final String STUCK = """
            MATCH (d:DeadLetter {status: 'REPLAYING'}) WHERE coalesce(d.statusChangedAt, 0) < $before
            SET d.status = 'OPEN', d.reason = $reason, d.replayFailures = coalesce(d.replayFailures, 0) + 1
            RETURN count(d) AS n""";
    /** Discards an OPEN letter, keeping when: the operator's metrics count its wait until then. */
    private static final String DISCARDED = """
            MATCH (d:DeadLetter {id: $id}) WHERE d.status = 'OPEN'
            SET d.status = 'DISCARDED', d.discardedAt = $at
            RETURN d.id AS id""";
    private static final String REPLAYED = """
            MATCH (d:DeadLetter {id: $id}) SET d.status = 'REPLAYED', d.replayedAt = $at""";
    private static final String FAILED_AGAIN = """
            MATCH (d:DeadLetter {id: $id}) WHERE d.status = 'REPLAYING'
            SET d.status = 'OPEN', d.reason = $reason, d.exceptionType = $exceptionType, d.failedAt = $at,
                d.replayFailures = coalesce(d.replayFailures, 0) + 1""";

    private final GraphStore store;

    DeadLetterStore(GraphStore store) {
        this.store = store;
    }

    void save(DeadLetter letter) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", letter.id());
        p.put("route", letter.route());
        p.put("endpoint", letter.endpoint());
        p.put("reason", letter.reason());
        p.put("exceptionType", letter.exceptionType());
        p.put("payload", letter.payload());
        p.put("payloadTruncated", letter.payloadTruncated());
        p.put("headers", SafeHeaders.toJson(letter.headers()));
        p.put("failedAt", letter.failedAt());
        store.write(new Statement(SAVE, p));
    }

    List<DeadLetter> list(DeadLetter.Status status, int limit) {
        Map<String, Object> p = new HashMap<>();
        p.put("status", status == null ? null : status.name());
        p.put("limit", limit);
        return store.read(new Statement(LIST, p)).stream().map(DeadLetterStore::letter).toList();
    }

    Optional<DeadLetter> find(String id) {
        return store.read(new Statement(FIND, Map.of("id", id))).stream().findFirst().map(DeadLetterStore::letter);
    }

    List<String> openOfRoute(String route) {
        return store.read(new Statement(OPEN_OF_ROUTE, Map.of("route", route))).stream()
                .map(row -> (String) row.get("id")).toList();
    }

    boolean transition(String id, DeadLetter.Status from, DeadLetter.Status to) {
        return !store.write(new Statement(TRANSITION, Map.of("id", id, "from", from.name(), "to", to.name()))).isEmpty();
    }

    /** Returns to OPEN the letters REPLAYING since before {@code before} (epoch ms); @return how many */
    long releaseStuck(long before, String reason) {
        return ((Number) store.write(new Statement(STUCK, Map.of("before", before, "reason", reason))).get(0).get("n"))
                .longValue();
    }

    /** @return whether the letter was OPEN and is now DISCARDED */
    boolean discarded(String id, long at) {
        return !store.write(new Statement(DISCARDED, Map.of("id", id, "at", at))).isEmpty();
    }

    void replayed(String id, long at) {
        store.write(new Statement(REPLAYED, Map.of("id", id, "at", at)));
    }

    /** Reopens a letter whose replay failed; a no-op unless it is REPLAYING, so a failure is recorded once. */
    void failedAgain(String id, String reason, String exceptionType, long at) {
        store.write(new Statement(FAILED_AGAIN, Map.of("id", id, "reason", reason, "exceptionType", exceptionType, "at", at)));
    }

    @SuppressWarnings("unchecked")
    private static DeadLetter letter(Map<String, Object> row) {
        Map<String, Object> d = (Map<String, Object>) row.get("d");
        Object replayedAt = d.get("replayedAt");
        Object failedReplays = d.get("replayFailures");
        return new DeadLetter((String) d.get("id"), (String) d.get("route"), (String) d.get("endpoint"),
                (String) d.get("reason"), (String) d.get("exceptionType"), (String) d.get("payload"),
                Boolean.TRUE.equals(d.get("payloadTruncated")), SafeHeaders.fromJson((String) d.get("headers")),
                ((Number) d.get("failedAt")).longValue(), DeadLetter.Status.valueOf((String) d.get("status")),
                replayedAt == null ? null : ((Number) replayedAt).longValue(),
                failedReplays == null ? 0 : ((Number) failedReplays).intValue());
    }
}
