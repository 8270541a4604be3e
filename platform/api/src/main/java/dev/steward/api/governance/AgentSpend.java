package dev.steward.api.governance;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What one agent's calls cost on one day, as the agent reported them to the journal, against its budget that day.
 *
 * @param agentId the agent's id (without its version)
 * @param day the budget day
 * @param spentUsd the costs of its calls that finished that day, in US dollars
 * @param limitUsd the agent's budget for that day, {@code null} when it had none
 */
public record AgentSpend(String agentId, LocalDate day, BigDecimal spentUsd, BigDecimal limitUsd) {

    /** Validates the fields. */
    public AgentSpend {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(spentUsd, "spentUsd");
        if (spentUsd.signum() < 0 || limitUsd != null && limitUsd.signum() < 0) {
            throw new IllegalArgumentException("agent " + agentId + " on " + day + ": spend " + spentUsd + " and limit "
                    + limitUsd + " cannot be negative");
        }
    }
}
