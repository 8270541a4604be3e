package dev.steward.rest.internal;

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
import dev.steward.api.policy.PolicyRefusedException;
import dev.steward.api.policy.Verdict;

/**
 * A SessionHistory in a list: one session, "thread-1", with a summary of turns 1..2 and the turns appended since;
 * refuses metadata keys with a space, and turns that mention a password (as a policy would), like the real one.
 */
final class FakeSessions implements SessionHistory {

    static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    final List<String> calls = new ArrayList<>();
    final List<Turn> turns = new ArrayList<>();
    final SessionSummary summary = new SessionSummary("sum-1", "thread-1", 1, 2, T0, T0, "client: My parcel is late.",
            "extractive", T0);

    @Override
    public Turn append(String sessionId, String speaker, String text, Instant occurredAt, Map<String, String> metadata,
            Provenance provenance) {
        calls.add("append " + sessionId + " " + speaker + " " + occurredAt + " " + metadata + " "
                + provenance.sourceType() + ":" + provenance.sourceId());
        if (metadata.keySet().stream().anyMatch(k -> k.contains(" "))) {
            throw new IllegalArgumentException("Turn metadata key must not contain a space");
        }
        if (text.contains("password")) {
            throw new PolicyRefusedException(Verdict.DENY, "safety 1.0: no passwords in memory");
        }
        Turn turn = new Turn("t-" + (turns.size() + 3), sessionId, turns.size() + 3, speaker, text, occurredAt, metadata,
                provenance);
        turns.add(turn);
        return turn;
    }

    @Override
    public Optional<SessionView> session(String sessionId, int recentTurns) {
        calls.add("session " + sessionId + " " + recentTurns);
        if (!sessionId.equals("thread-1")) {
            return Optional.empty();
        }
        List<Turn> recent = turns.subList(Math.max(0, turns.size() - recentTurns), turns.size());
        return Optional.of(new SessionView(sessionId, List.of(summary), recent, turns.size() + 2L));
    }

    @Override
    public SessionUpkeep upkeep(String actor) {
        calls.add("upkeep by " + actor);
        return new SessionUpkeep("run-1", T0, actor, 1, 7, 2);
    }

    @Override
    public int forgetSession(String sessionId, String actor) {
        calls.add("forget " + sessionId + " by " + actor);
        if (!sessionId.equals("thread-1")) {
            throw new IllegalArgumentException("Unknown session id " + sessionId);
        }
        return turns.size() + 1;
    }
}
