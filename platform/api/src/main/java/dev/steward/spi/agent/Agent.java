package dev.steward.spi.agent;

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
}
