package dev.steward.memory.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.steward.api.memory.Provenance;
import dev.steward.api.memory.SessionHistory;
import dev.steward.api.memory.SessionSummary;
import dev.steward.api.memory.SessionView;
import dev.steward.api.memory.Turn;
import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;

/**
 * Appends the turns of sessions and reads them back. An append is one statement: it merges the session under its
 * unique id, takes the session's write lock and counts its {@code lastSeq} up, so concurrent appends to one session
 * get consecutive seqs, without gaps or repeats.
 */
final class SessionLog {

    static final int MAX_ID = 200;
    static final int MAX_SPEAKER = 200;

    private static final String APPEND = """
            MERGE (s:Session {id: $sessionId})
              ON CREATE SET s.lastSeq = 0, s.createdAt = $now
            SET s.updatedAt = $now
            WITH s
            SET s.lastSeq = s.lastSeq + 1
            CREATE (t:Turn)-[:IN]->(s)
            SET t = $props
            SET t += $metadata
            SET t.seq = s.lastSeq
            RETURN t {.*} AS turn
            """;
    private static final String VIEW = """
            MATCH (s:Session {id: $sessionId})
            RETURN s.lastSeq AS lastSeq,
              COLLECT { MATCH (m:SessionSummary)-[:IN]->(s) WITH m ORDER BY m.fromSeq RETURN m {.*} } AS summaries,
              COLLECT { MATCH (t:Turn)-[:IN]->(s) WHERE t.summaryId IS NULL
                        WITH t ORDER BY t.seq DESC LIMIT $recent RETURN t {.*} } AS turns
            """;

    private final GraphStore store;
    private final Clock clock;

    SessionLog(GraphStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Checks a turn before anything else sees it; throws naming what to change. */
    static void check(String sessionId, String speaker, String text, Instant occurredAt, Map<String, String> metadata,
            Provenance provenance) {
        Input.text("Session id", sessionId, MAX_ID);
        Input.text("Turn speaker", speaker, MAX_SPEAKER);
        Input.text("Turn text", text, SessionHistory.MAX_TURN_TEXT);
        if (occurredAt == null) {
            throw new IllegalArgumentException("Turn occurredAt must be given");
        }
        Input.labels("Turn metadata", metadata);
        if (provenance == null) {
            throw new IllegalArgumentException("Turn provenance must be given");
        }
    }

    Turn append(String sessionId, String speaker, String text, Instant occurredAt, Map<String, String> metadata,
            Provenance provenance, List<String> decisions) {
        check(sessionId, speaker, text, occurredAt, metadata, provenance);
        Map<String, Object> props = Props.provenance(provenance);
        props.put("id", UUID.randomUUID().toString());
        props.put("sessionId", sessionId);
        props.put("speaker", speaker.strip());
        props.put("text", text);
        props.put("occurredAt", occurredAt.toEpochMilli());
        props.put("recordedAt", clock.millis());
        if (!decisions.isEmpty()) {
            props.put("policyDecisions", decisions);
        }
        Map<String, Object> params = new HashMap<>();
        params.put("sessionId", sessionId);
        params.put("now", clock.millis());
        params.put("props", props);
        params.put("metadata", Props.prefixed(Props.META, Input.labels("Turn metadata", metadata)));
        return turn(FactLedger.column(store.write(new Statement(APPEND, params)).get(0), "turn"));
    }

    Optional<SessionView> view(String sessionId, int recentTurns) {
        Input.text("Session id", sessionId, MAX_ID);
        if (recentTurns < 1) {
            throw new IllegalArgumentException("The number of recent turns must be positive, was " + recentTurns);
        }
        List<Map<String, Object>> rows = store.read(new Statement(VIEW,
                Map.of("sessionId", sessionId, "recent", recentTurns)));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> row = rows.get(0);
        List<SessionSummary> summaries = nodes(row.get("summaries")).stream().map(SessionLog::summary).toList();
        List<Turn> turns = new ArrayList<>(nodes(row.get("turns")).stream().map(SessionLog::turn).toList());
        Collections.reverse(turns);
        if (summaries.isEmpty() && turns.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SessionView(sessionId, summaries, turns, ((Number) row.get("lastSeq")).longValue()));
    }

    static Turn turn(Map<String, Object> n) {
        return new Turn(Props.str(n, "id"), Props.str(n, "sessionId"), ((Number) n.get("seq")).longValue(),
                Props.str(n, "speaker"), Props.str(n, "text"), Props.time(n, "occurredAt"),
                Props.unprefixed(Props.META, n), Props.provenance(n));
    }

    static SessionSummary summary(Map<String, Object> n) {
        return new SessionSummary(Props.str(n, "id"), Props.str(n, "sessionId"), ((Number) n.get("fromSeq")).longValue(),
                ((Number) n.get("toSeq")).longValue(), Props.time(n, "fromTime"), Props.time(n, "toTime"),
                Props.str(n, "text"), Props.str(n, "summarizer"), Props.time(n, "createdAt"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> nodes(Object list) {
        return list == null ? List.of() : (List<Map<String, Object>>) list;
    }
}
