package dev.steward.api.memory;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The platform service that remembers, recalls and forgets memory items. */
@ProviderType
public interface Memory {

    /**
     * Stores an item, or replaces the one with the same id. Writes pass the memory-write policies.
     *
     * @param item the item
     * @return the item as stored
     */
    MemoryItem remember(MemoryItem item);

    /**
     * Finds the items that best match a query, best first.
     *
     * @param query the query
     * @return at most {@code query.limit()} results
     */
    List<RecallResult> recall(RecallQuery query);

    /**
     * Erases, for good, every item about a subject: those whose {@link MemoryItem#SUBJECT}
     * metadata equals it. This is how a right-to-erasure request is served.
     *
     * @param subjectId the subject
     * @return how many items were erased
     */
    int forget(String subjectId);
}
