package dev.steward.api.agent;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The agents the platform knows, as they come and go: each descriptor is checked when the agent arrives, and the
 * calls of each agent are counted. Provided by the kernel.
 *
 * @since 1.1
 */
@ProviderType
public interface AgentRegistry {

    /**
     * Every agent registered now, by id, then version.
     *
     * @return the agents
     */
    List<AgentStatus> agents();

    /**
     * The agents registered now with an id (several versions may run side by side).
     *
     * @param id the agent id
     * @return its versions, oldest first; empty when there is none
     */
    List<AgentStatus> agent(String id);

    /**
     * Checks a descriptor as the registry does when an agent arrives.
     *
     * @param descriptor the descriptor
     * @return what is wrong with it, or empty when it is valid
     */
    Optional<String> check(AgentDescriptor descriptor);
}
