package dev.steward.spi.agent;

import java.math.BigDecimal;
import java.util.Optional;

import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentRequest;
import dev.steward.api.agent.AgentResult;
import org.osgi.annotation.versioning.ConsumerType;

/** A plugin that serves capabilities by reasoning over its input; registered as an OSGi service. */
@ConsumerType
public interface Agent {

    /**
     * Describes the agent; called often, so it returns a constant.
     *
     * @return the descriptor, never {@code null}
     */
    AgentDescriptor descriptor();

    /**
     * Serves one request. It runs on a platform executor under the step timeout and may be
     * called again with the same idempotency key after a failure.
     *
     * @param request the request
     * @return the result, never {@code null}
     * @throws Exception when the request cannot be served; the platform records it and applies
     *     the step's retry policy
     */
    AgentResult execute(AgentRequest request) throws Exception;

    /**
     * Estimates what serving the request will cost, before it runs, so that a budget can reserve it.
     * By default the agent states no estimate and the platform uses the one configured for its
     * {@link AgentDescriptor.CostClass}.
     *
     * @param request the request about to be served
     * @return the estimate in US dollars, not negative, or empty for the cost class's
     */
    default Optional<BigDecimal> estimateCostUsd(AgentRequest request) {
        return Optional.empty();
    }
}
