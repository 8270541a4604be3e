package dev.steward.api.model;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's way to the models: agents ask here, never a backend directly. A call is routed to a tier (the one
 * asked for, unless the routing configuration sets one for the agent or the capability), then to the backends that
 * serve it in the configured order, only local ones for sensitive requests; a backend that fails is followed by the
 * next; every call is journaled with its tier, backend, model, tokens, cost and latency.
 *
 * @since 1.1
 */
@ProviderType
public interface Models {

    /**
     * Answers a chat request. When the journal already holds an answer for the key, that answer is returned and no
     * model is called.
     *
     * @param key who calls, and which of their calls this is
     * @param request the request
     * @return the answer
     * @throws ModelCallException when no backend answered; the failure is journaled too
     */
    ChatResponse chat(ModelCallKey key, ChatRequest request) throws ModelCallException;

    /**
     * The journaled calls of a flow, oldest first.
     *
     * @param flowInstanceId the flow instance
     * @return its calls
     */
    List<ModelCallRecord> calls(String flowInstanceId);
}
