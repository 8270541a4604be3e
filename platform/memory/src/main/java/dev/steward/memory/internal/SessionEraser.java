package dev.steward.memory.internal;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;

/**
 * Erases a session in one transaction: its turns, its summaries, the journaled model calls that wrote them and the
 * session itself; leaves a tombstone that says which session was erased, when, by whom and how much, with no
 * content.
 */
final class SessionEraser {

    private static final String ERASE = """
            MATCH (s:Session {id: $sessionId})
            OPTIONAL MATCH (t:Turn)-[:IN]->(s)
            WITH s, collect(t) AS turns
            OPTIONAL MATCH (m:SessionSummary)-[:IN]->(s)
            WITH s, turns, collect(m) AS summaries
            OPTIONAL MATCH (c:ModelCall {flowId: $calls})
            WITH s, turns, summaries, collect(c) AS calls
            WITH s, turns, summaries, calls, size(turns) AS turnCount, size(summaries) AS summaryCount
            FOREACH (x IN turns | DETACH DELETE x)
            FOREACH (x IN summaries | DETACH DELETE x)
            FOREACH (x IN calls | DETACH DELETE x)
            DETACH DELETE s
            CREATE (:SessionTombstone {id: $id, sessionId: $sessionId, erasedAt: $now, actor: $actor,
                                       turns: turnCount, summaries: summaryCount})
            RETURN turnCount, summaryCount
            """;

    private final GraphStore store;
    private final Clock clock;

    SessionEraser(GraphStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    int forget(String sessionId, String actor) {
        Input.text("Session id", sessionId, SessionLog.MAX_ID);
        Input.text("Actor", actor, 200);
        List<Map<String, Object>> rows = store.write(new Statement(ERASE, Map.of("sessionId", sessionId,
                "calls", ModelSummarizer.flowOf(sessionId), "id", UUID.randomUUID().toString(), "actor", actor,
                "now", clock.millis())));
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("Unknown session id " + sessionId);
        }
        Map<String, Object> r = rows.get(0);
        return ((Number) r.get("turnCount")).intValue() + ((Number) r.get("summaryCount")).intValue();
    }
}
