package dev.steward.api.agent;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An agent as the registry sees it: its descriptor, whether it serves steps, and what it has done since it arrived.
 *
 * @param descriptor the agent's descriptor
 * @param state {@link State#ACTIVE}, {@link State#STANDBY} or {@link State#REJECTED}
 * @param problem why it was rejected, or {@code null}
 * @param calls how many steps called it since it arrived
 * @param failures how many of those calls failed
 * @param meanLatency the mean duration of its calls ({@link Duration#ZERO} before the first)
 * @param costUsd what its calls cost in total
 * @param recent its last calls, newest first ({@code null} becomes empty)
 * @since 1.1
 */
public record AgentStatus(AgentDescriptor descriptor, State state, String problem, long calls, long failures,
        Duration meanLatency, BigDecimal costUsd, List<AgentDecision> recent) {

    /** Whether an agent serves steps. */
    public enum State {
        /** It serves every capability it offers that no earlier agent serves. */
        ACTIVE,
        /** Valid, but every capability it offers is served by an agent that arrived earlier. */
        STANDBY,
        /** Its descriptor is not valid: it serves nothing until a fixed version replaces it. */
        REJECTED
    }

    /** Validates the fields and copies the decisions. */
    public AgentStatus {
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(meanLatency, "meanLatency");
        Objects.requireNonNull(costUsd, "costUsd");
        recent = recent == null ? List.of() : List.copyOf(recent);
    }
}
