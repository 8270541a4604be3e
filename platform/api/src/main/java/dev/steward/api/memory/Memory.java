package dev.steward.api.memory;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The one entry to the three memory tiers: the ephemeral working context of in-flight flows, the bounded session
 * history, and the long-term knowledge bank, and the call that assembles material from all three for a task.
 *
 * @since 2.0
 */
@ProviderType
public interface Memory {

    /**
     * The ephemeral tier.
     *
     * @return the working memory
     */
    WorkingMemory working();

    /**
     * The session tier.
     *
     * @return the session history
     */
    SessionHistory sessions();

    /**
     * The long-term tier.
     *
     * @return the knowledge bank
     */
    KnowledgeBank knowledge();

    /**
     * Assembles the best material for a task within its size budget: the flow's working context, the session's
     * summaries and recent turns, and the knowledge bank's hybrid search hits with their current facts, each item
     * with its citation. Items that do not fit are left out (counted in {@link ContextBundle#omitted()}), the
     * first one that fits only in part is cut.
     *
     * @param request the task, its budget and what to include
     * @return the bundle
     */
    ContextBundle context(ContextRequest request);
}
