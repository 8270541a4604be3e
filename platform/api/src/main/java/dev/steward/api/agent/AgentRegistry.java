package dev.steward.api.agent;

import java.util.List;
import java.util.Map;
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

    /**
     * The steps parked now, by the capability they need: steps whose capability no agent serves, and steps whose
     * pinned agent version is not registered.
     *
     * @return capability → how many steps wait for it; empty when none waits
     * @since 1.2
     */
    default Map<String, Integer> parkedSteps() {
        return Map.of();
    }

    /**
     * Pins the unfinished steps pinned to one agent's version (or to any of its versions) to another version, so that
     * parked steps run on it; each step re-pinned is audited on its flow with the actor. Steps whose call is running
     * keep their version.
     *
     * @param agentId the agent id
     * @param fromVersion only steps pinned to this version; {@code null} for every version but {@code toVersion}
     * @param toVersion the version to pin them to, registered now; {@code null} for the newest registered version
     * @param actor who asked, for the audit trail
     * @return the steps re-pinned, as {@code flowId/stepId}
     * @throws IllegalArgumentException when no such agent version is registered
     * @since 1.2
     */
    default List<String> migrate(String agentId, String fromVersion, String toVersion, String actor) {
        throw new UnsupportedOperationException("this registry does not migrate steps");
    }
}
