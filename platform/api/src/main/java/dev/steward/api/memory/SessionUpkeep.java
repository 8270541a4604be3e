package dev.steward.api.memory;

import java.time.Instant;
import java.util.Objects;

/**
 * What one run of the session upkeep did; every run is audited in the store under its id.
 *
 * @param runId the run id, not blank
 * @param at when it ran
 * @param actor who ran it: {@code scheduler} or the operator
 * @param sessionsSummarized how many sessions had turns summarized
 * @param turnsSummarized how many turns left the live window into a summary
 * @param turnsExpired how many turns older than the retention were deleted
 * @since 2.0
 */
public record SessionUpkeep(String runId, Instant at, String actor, int sessionsSummarized, int turnsSummarized,
        int turnsExpired) {

    /** Validates the fields. */
    public SessionUpkeep {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
    }
}
