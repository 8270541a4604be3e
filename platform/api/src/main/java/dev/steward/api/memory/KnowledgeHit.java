package dev.steward.api.memory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One search result of the knowledge bank: the episode or entity that matched, expanded to the entities it
 * links to and their current facts, with the ids of everything it carries as citations.
 *
 * @param source whether an episode or an entity matched
 * @param id the id of what matched, not blank
 * @param type the episode kind or the entity type, not blank
 * @param text the episode text or the entity name, not {@code null}
 * @param score the rank score; higher is better, finite
 * @param at when the episode occurred or the entity was recorded
 * @param metadata the episode metadata or entity attributes ({@code null} becomes empty)
 * @param entities the linked entities: those an episode mentions, or the matched entity itself ({@code null} becomes empty)
 * @param facts the current facts about those entities ({@code null} becomes empty)
 * @param citations the ids of the matched item, the entities and the facts ({@code null} becomes empty)
 */
public record KnowledgeHit(Source source, String id, String type, String text, double score, Instant at,
        Map<String, String> metadata, List<Entity> entities, List<Fact> facts, List<String> citations) {

    /** What a search matched. */
    public enum Source {
        /** An episode's text matched. */
        EPISODE,
        /** An entity's name matched. */
        ENTITY
    }

    /** Validates the fields and copies the collections. */
    public KnowledgeHit {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(at, "at");
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("Knowledge hit score must be finite, was " + score);
        }
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        entities = entities == null ? List.of() : List.copyOf(entities);
        facts = facts == null ? List.of() : List.copyOf(facts);
        citations = citations == null ? List.of() : List.copyOf(citations);
    }
}
