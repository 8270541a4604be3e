package dev.steward.memory.internal;

/**
 * The names of the store indexes the knowledge bank reads. The schema itself (uniqueness constraints that make
 * entity resolution safe under concurrency, and these fulltext indexes) is the store's migration 7
 * ({@code dev.steward.store}), applied when the store connects.
 */
final class KnowledgeSchema {

    /** Fulltext index over episode text. */
    static final String EPISODE_TEXT_INDEX = "steward_episode_text";
    /** Vector index over episode embeddings (store migration 9). */
    static final String EPISODE_EMBEDDING_INDEX = "steward_episode_embedding";
    /** Fulltext index over entity names. */
    static final String ENTITY_NAMES_INDEX = "steward_entity_names";

    private KnowledgeSchema() {
    }
}
