package dev.steward.memory.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.steward.api.memory.Provenance;
import dev.steward.api.memory.SessionHistory;
import dev.steward.api.memory.SessionSummary;
import dev.steward.api.memory.SessionUpkeep;
import dev.steward.api.memory.SessionView;
import dev.steward.api.memory.Turn;

/**
 * TEST STAND-IN for the session tier: turns and summaries in two lists, enough for the context bundle's tests until
 * the real SessionHistory (being written in another branch) is merged; then the tests switch to it. No upkeep, no
 * retention, no policies.
 */
final class ListSessionHistory implements SessionHistory {

    private final List<Turn> turns = new ArrayList<>();
    private final List<SessionSummary> summaries = new ArrayList<>();

    @Override
    public synchronized Turn append(String sessionId, String speaker, String text, Instant occurredAt,
            Map<String, String> metadata, Provenance provenance) {
        long seq = turns.stream().filter(t -> t.sessionId().equals(sessionId)).count() + 1;
        Turn turn = new Turn("turn-" + sessionId + "-" + seq, sessionId, seq, speaker, text, occurredAt, metadata,
                provenance);
        turns.add(turn);
        return turn;
    }

    /** Adds a summary of the session's turns {@code fromSeq..toSeq} (the real tier writes them in its upkeep). */
    synchronized SessionSummary summarize(String sessionId, long fromSeq, long toSeq, String text) {
        List<Turn> covered = turns.stream().filter(t -> t.sessionId().equals(sessionId))
                .filter(t -> t.seq() >= fromSeq && t.seq() <= toSeq).toList();
        SessionSummary summary = new SessionSummary("summary-" + sessionId + "-" + (summaries.size() + 1), sessionId,
                fromSeq, toSeq, covered.get(0).occurredAt(), covered.get(covered.size() - 1).occurredAt(), text,
                "test", covered.get(covered.size() - 1).occurredAt());
        summaries.add(summary);
        return summary;
    }

    @Override
    public synchronized Optional<SessionView> session(String sessionId, int recentTurns) {
        List<Turn> all = turns.stream().filter(t -> t.sessionId().equals(sessionId)).toList();
        List<SessionSummary> its = summaries.stream().filter(s -> s.sessionId().equals(sessionId)).toList();
        if (all.isEmpty() && its.isEmpty()) {
            return Optional.empty();
        }
        List<Turn> recent = all.subList(Math.max(0, all.size() - recentTurns), all.size());
        return Optional.of(new SessionView(sessionId, its, recent, all.size()));
    }

    @Override
    public SessionUpkeep upkeep(String actor) {
        throw new UnsupportedOperationException("the test stand-in has no upkeep");
    }

    @Override
    public int forgetSession(String sessionId, String actor) {
        throw new UnsupportedOperationException("the test stand-in forgets nothing");
    }
}
