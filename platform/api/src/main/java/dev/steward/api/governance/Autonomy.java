package dev.steward.api.governance;

import java.util.Objects;

/**
 * How autonomously one flow definition ran: of its flows that ended, those that completed with no human step.
 *
 * @param definitionId the flow definition
 * @param autonomous the flows that completed with no human step
 */
public record Autonomy(String definitionId, Ratio autonomous) {

    /** Validates the fields. */
    public Autonomy {
        Objects.requireNonNull(definitionId, "definitionId");
        Objects.requireNonNull(autonomous, "autonomous");
    }
}
