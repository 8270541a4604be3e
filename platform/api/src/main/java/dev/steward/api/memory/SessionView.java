package dev.steward.api.memory;

import java.util.List;
import java.util.Objects;

/**
 * A session as a task sees it: the summaries of its older turns, oldest first, then its recent turns in order.
 *
 * @param sessionId the session, not blank
 * @param summaries the summaries, oldest first ({@code null} becomes empty)
 * @param turns the recent turns, in order ({@code null} becomes empty)
 * @param turnCount how many turns were ever appended to the session
 * @since 2.0
 */
public record SessionView(String sessionId, List<SessionSummary> summaries, List<Turn> turns, long turnCount) {

    /** Validates the fields and copies the lists. */
    public SessionView {
        Objects.requireNonNull(sessionId, "sessionId");
        summaries = summaries == null ? List.of() : List.copyOf(summaries);
        turns = turns == null ? List.of() : List.copyOf(turns);
    }
}
