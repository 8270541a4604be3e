package dev.steward.api.memory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The long-term knowledge graph: entities, bi-temporal facts about them, and the episodes (raw texts) that
 * mention them. Every method fails with {@link IllegalArgumentException} naming what to change when its input
 * is wrong, and writes nothing in that case.
 */
@ProviderType
public interface KnowledgeBank {

    /** The longest episode text accepted, in characters. */
    int MAX_EPISODE_TEXT = 100_000;

    /**
     * Finds the entity a mention refers to, or creates it. The same e-mail address is the same entity; else the
     * same normalized name (lower case, accents stripped, whitespace collapsed) within the type is, unless that
     * entity has a different e-mail address. Safe under concurrent callers: they get one entity.
     *
     * @param type the entity type, such as {@code person}
     * @param name the name as written
     * @param email the e-mail address, or {@code null}
     * @param attributes labels to add to the entity ({@code null} for none)
     * @param provenance where the mention came from
     * @return the entity
     */
    Entity resolveEntity(String type, String name, String email, Map<String, String> attributes, Provenance provenance);

    /**
     * Records a fact. When the predicate is single-valued and the subject has a different current fact for it,
     * that fact is closed at the new fact's {@code validFrom} (never deleted); asserting the current fact again
     * returns it unchanged.
     *
     * @param assertion the fact to assert
     * @return the fact as recorded
     */
    Fact assertFact(FactAssertion assertion);

    /**
     * The facts about an entity that hold in the world at an instant, as the system believes now.
     *
     * @param entityId the entity
     * @param asOf the instant
     * @return its current facts, by predicate
     */
    List<Fact> currentFacts(String entityId, Instant asOf);

    /**
     * Stores an episode and links it to the entities it mentions.
     *
     * @param kind what sort of text it is
     * @param text the text, at most {@link #MAX_EPISODE_TEXT} characters
     * @param occurredAt when it happened
     * @param metadata free labels ({@code null} for none)
     * @param provenance where it came from
     * @param mentionedEntityIds the entities it mentions ({@code null} for none); all must exist
     * @return the episode as stored
     */
    Episode recordEpisode(String kind, String text, Instant occurredAt, Map<String, String> metadata,
            Provenance provenance, List<String> mentionedEntityIds);

    /**
     * Searches episode texts and entity names, and expands each hit to its linked entities and their current facts.
     *
     * @param text what to look for, not blank
     * @param types episode kinds or entity types to keep ({@code null} or empty keeps all)
     * @param limit the most hits to return, positive
     * @return the hits, best first
     */
    List<KnowledgeHit> search(String text, Set<String> types, int limit);

    /**
     * Searches episode texts and entity names like {@link #search(String, Set, int)}, and keeps only the episodes
     * that occurred in the query's time window when it has one (entities, which have no time of occurrence, are
     * then left out). Each hit carries the metadata its episode was stored with.
     *
     * @param query the text, types, time window and limit
     * @return the hits, best first
     * @since 1.2
     */
    List<KnowledgeHit> search(KnowledgeQuery query);

    /**
     * An entity with its current facts, the current facts of other entities pointing to it, and the entities
     * those facts link it to.
     *
     * @param entityId the entity
     * @return the entity and what is currently believed about it, or empty when there is no such entity
     * @since 1.2
     */
    Optional<EntityView> entity(String entityId);

    /**
     * Erases a subject for good: the entity, the facts about it or pointing to it, and the episodes that mention
     * only it. Leaves a tombstone with the entity id, the time, the actor and the counts, and no personal content.
     *
     * @param entityId the entity to erase
     * @param actor who asked for it
     * @return how many nodes were erased (the entity, its facts and its episodes)
     */
    int forgetSubject(String entityId, String actor);
}
