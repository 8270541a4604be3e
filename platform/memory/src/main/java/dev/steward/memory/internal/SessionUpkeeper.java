package dev.steward.memory.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.memory.SessionUpkeep;
import dev.steward.api.memory.Turn;
import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;

/**
 * Keeps sessions bounded: deletes the turns older than the retention, then, for every session with more live
 * (unsummarized) turns than the window, summarizes the oldest ones beyond it into one summary linked to them. A
 * session's summary and the marks on its turns are written in one transaction, only if none of those turns was
 * summarized or deleted meanwhile; so a run repeated, or one interrupted, leaves no half-written summary. Every run
 * is audited as a {@code (:SessionUpkeepRun)} with its counts and actor, never content.
 */
final class SessionUpkeeper {

    static final int EXPIRE_BATCH = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(SessionUpkeeper.class);

    private static final String EXPIRE = """
            MATCH (t:Turn) WHERE t.occurredAt < $cutoff
            WITH t LIMIT $batch
            DETACH DELETE t
            RETURN count(*) AS n
            """;
    private static final String OVERFLOWING = """
            MATCH (s:Session)
            WITH s, COUNT { MATCH (t:Turn)-[:IN]->(s) WHERE t.summaryId IS NULL } AS live
            WHERE live > $window
            RETURN s.id AS id, live - $window AS overflow
            ORDER BY id
            """;
    private static final String OLDEST = """
            MATCH (t:Turn)-[:IN]->(:Session {id: $sessionId}) WHERE t.summaryId IS NULL
            WITH t ORDER BY t.seq LIMIT $n
            RETURN t {.*} AS turn
            """;
    /** Taken first in the summary's transaction: two upkeeps of one session serialize on it. */
    private static final String LOCK = "MATCH (s:Session {id: $sessionId}) SET s.upkeepAt = $now RETURN s.id AS id";
    private static final String SUMMARIZE = """
            MATCH (t:Turn)-[:IN]->(s:Session {id: $sessionId})
            WHERE t.id IN $turnIds AND t.summaryId IS NULL
            WITH s, collect(t) AS turns
            WHERE size(turns) = size($turnIds)
            CREATE (m:SessionSummary)-[:IN]->(s)
            SET m = $props
            FOREACH (t IN turns | SET t.summaryId = m.id CREATE (m)-[:COVERS]->(t))
            RETURN m.id AS id
            """;
    private static final String AUDIT = """
            CREATE (:SessionUpkeepRun {id: $id, at: $at, actor: $actor, sessionsSummarized: $sessions,
                                       turnsSummarized: $turns, turnsExpired: $expired, fallbacks: $fallbacks,
                                       failures: $failures})
            """;

    private final GraphStore store;
    private final Clock clock;
    private final SessionSettings settings;
    private final SummarizerChoice summarizers;

    SessionUpkeeper(GraphStore store, Clock clock, SessionSettings settings, SummarizerChoice summarizers) {
        this.store = store;
        this.clock = clock;
        this.settings = settings;
        this.summarizers = summarizers;
    }

    synchronized SessionUpkeep run(String actor) {
        Input.text("Actor", actor, 200);
        Instant now = clock.instant();
        int expired = expire(now);
        int sessions = 0;
        int turns = 0;
        int fallbacks = 0;
        int failures = 0;
        for (Map<String, Object> row : store.read(new Statement(OVERFLOWING, Map.of("window", settings.window())))) {
            String sessionId = (String) row.get("id");
            try {
                Summarized s = summarize(sessionId, ((Number) row.get("overflow")).intValue(), now);
                if (s.turns() > 0) {
                    sessions++;
                    turns += s.turns();
                    fallbacks += s.fallback() ? 1 : 0;
                }
            } catch (RuntimeException e) {
                failures++;
                LOG.warn("Session upkeep: summarizing one session failed, tried again at the next run: {}",
                        e.getClass().getSimpleName());
            }
        }
        String id = UUID.randomUUID().toString();
        Map<String, Object> audit = new HashMap<>();
        audit.put("id", id);
        audit.put("at", now.toEpochMilli());
        audit.put("actor", actor);
        audit.put("sessions", sessions);
        audit.put("turns", turns);
        audit.put("expired", expired);
        audit.put("fallbacks", fallbacks);
        audit.put("failures", failures);
        store.write(new Statement(AUDIT, audit));
        if (sessions > 0 || expired > 0 || failures > 0) {
            LOG.info("Session upkeep by {}: {} turn(s) of {} session(s) summarized, {} expired turn(s) deleted{}", actor,
                    turns, sessions, expired, failures > 0 ? ", " + failures + " session(s) failed" : "");
        }
        return new SessionUpkeep(id, Instant.ofEpochMilli(now.toEpochMilli()), actor, sessions, turns, expired);
    }

    /** Deletes the turns that occurred before the retention, batch by batch; their summaries stay. */
    private int expire(Instant now) {
        long cutoff = now.minus(settings.turnRetention()).toEpochMilli();
        int deleted = 0;
        long round;
        do {
            round = ((Number) store.write(new Statement(EXPIRE, Map.of("cutoff", cutoff, "batch", EXPIRE_BATCH)))
                    .get(0).get("n")).longValue();
            deleted += (int) round;
        } while (round == EXPIRE_BATCH);
        return deleted;
    }

    private record Summarized(int turns, boolean fallback) {
    }

    private Summarized summarize(String sessionId, int overflow, Instant now) {
        List<Turn> oldest = store.read(new Statement(OLDEST, Map.of("sessionId", sessionId, "n", overflow))).stream()
                .map(r -> SessionLog.turn(FactLedger.column(r, "turn"))).toList();
        if (oldest.isEmpty()) {
            return new Summarized(0, false);
        }
        SummarizerChoice.Written written = summarizers.summarize(oldest, settings.summaryMaxChars());
        Turn first = oldest.get(0);
        Turn last = oldest.get(oldest.size() - 1);
        Map<String, Object> props = new HashMap<>();
        props.put("id", UUID.randomUUID().toString());
        props.put("sessionId", sessionId);
        props.put("fromSeq", first.seq());
        props.put("toSeq", last.seq());
        props.put("fromTime", first.occurredAt().toEpochMilli());
        props.put("toTime", last.occurredAt().toEpochMilli());
        props.put("turns", oldest.size());
        props.put("text", written.text());
        props.put("summarizer", written.summarizer());
        props.put("createdAt", now.toEpochMilli());
        if (written.fallbackFrom() != null) {
            props.put("fallbackFrom", written.fallbackFrom());
        }
        List<List<Map<String, Object>>> results = store.writeAllReturning(List.of(
                new Statement(LOCK, Map.of("sessionId", sessionId, "now", now.toEpochMilli())),
                new Statement(SUMMARIZE, Map.of("sessionId", sessionId,
                        "turnIds", oldest.stream().map(Turn::id).toList(), "props", props))));
        // no row: a turn was summarized or deleted meanwhile (another run, a forget); nothing was written
        return results.get(1).isEmpty() ? new Summarized(0, false)
                : new Summarized(oldest.size(), written.fallbackFrom() != null);
    }
}
