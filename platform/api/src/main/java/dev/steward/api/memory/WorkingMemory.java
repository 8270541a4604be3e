package dev.steward.api.memory;

import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The ephemeral tier: the working context of in-flight flows, a few named texts per flow, held in memory only and
 * bounded in size. It is dropped when the flow ends (completes, fails or is rolled back) and on a platform restart,
 * and is never written to the store unless an entry is promoted to the knowledge bank.
 *
 * @since 2.0
 */
@ProviderType
public interface WorkingMemory {

    /**
     * Sets an entry of a flow's working context, replacing the one with the same key.
     *
     * @param flowId the flow instance, not blank
     * @param key the entry's name, not blank
     * @param value the text, not {@code null}
     * @throws IllegalArgumentException when the flow's context would exceed its configured size, naming the limit
     */
    void put(String flowId, String key, String value);

    /**
     * One entry of a flow's working context.
     *
     * @param flowId the flow instance
     * @param key the entry's name
     * @return the text, or empty
     */
    Optional<String> get(String flowId, String key);

    /**
     * A flow's whole working context, in the order the keys were first set.
     *
     * @param flowId the flow instance
     * @return the entries, empty for an unknown flow
     */
    Map<String, String> entries(String flowId);

    /**
     * Drops a flow's working context; the platform calls this when the flow ends.
     *
     * @param flowId the flow instance
     */
    void clear(String flowId);

    /**
     * Keeps an entry for good: records it as an episode of the knowledge bank (through the memory-write policies),
     * with the flow as its provenance. The entry stays in the working context.
     *
     * @param flowId the flow instance
     * @param key the entry's name; the entry must exist
     * @param kind the episode kind
     * @param provenance where it came from; its flow instance is set to {@code flowId} when absent
     * @return the episode
     */
    Episode promote(String flowId, String key, String kind, Provenance provenance);
}
