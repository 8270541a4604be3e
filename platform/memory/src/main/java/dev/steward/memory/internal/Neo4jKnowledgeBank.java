package dev.steward.memory.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.steward.api.memory.Entity;
import dev.steward.api.memory.EntityView;
import dev.steward.api.memory.Episode;
import dev.steward.api.memory.Fact;
import dev.steward.api.memory.FactAssertion;
import dev.steward.api.memory.KnowledgeBank;
import dev.steward.api.memory.KnowledgeHit;
import dev.steward.api.memory.KnowledgeQuery;
import dev.steward.api.memory.Provenance;
import dev.steward.spi.store.GraphStore;

/** The knowledge bank on the platform's graph store; each operation is one transaction (see docs/memory.md). */
@Component(service = KnowledgeBank.class)
public final class Neo4jKnowledgeBank implements KnowledgeBank {

    private final EntityResolver entities;
    private final FactLedger facts;
    private final EpisodeLog episodes;
    private final KnowledgeSearch search;
    private final SubjectEraser eraser;
    private final EntityReader reader;

    /**
     * Creates the knowledge bank on the platform's store.
     *
     * @param store the graph store
     */
    @Activate
    public Neo4jKnowledgeBank(@Reference GraphStore store) {
        this(store, Clock.systemUTC());
    }

    Neo4jKnowledgeBank(GraphStore store, Clock clock) {
        this.entities = new EntityResolver(store, clock);
        this.facts = new FactLedger(store, clock);
        this.episodes = new EpisodeLog(store, clock);
        this.search = new KnowledgeSearch(store, clock);
        this.eraser = new SubjectEraser(store, clock);
        this.reader = new EntityReader(store, clock);
    }

    @Override
    public Entity resolveEntity(String type, String name, String email, Map<String, String> attributes, Provenance p) {
        return entities.resolve(type, name, email, attributes, p);
    }

    @Override
    public Fact assertFact(FactAssertion assertion) {
        return facts.assertFact(assertion);
    }

    @Override
    public List<Fact> currentFacts(String entityId, Instant asOf) {
        return facts.current(entityId, asOf);
    }

    @Override
    public Episode recordEpisode(String kind, String text, Instant occurredAt, Map<String, String> metadata,
            Provenance p, List<String> mentionedEntityIds) {
        return episodes.record(kind, text, occurredAt, metadata, p, mentionedEntityIds);
    }

    @Override
    public List<KnowledgeHit> search(String text, Set<String> types, int limit) {
        return search.search(new KnowledgeQuery(text, types, null, null, KnowledgeSearch.limit(limit)));
    }

    @Override
    public List<KnowledgeHit> search(KnowledgeQuery query) {
        return search.search(query);
    }

    @Override
    public Optional<EntityView> entity(String entityId) {
        return reader.view(entityId);
    }

    @Override
    public int forgetSubject(String entityId, String actor) {
        return eraser.forget(entityId, actor);
    }
}
