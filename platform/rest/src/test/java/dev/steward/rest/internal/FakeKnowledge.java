package dev.steward.rest.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.steward.api.memory.Entity;
import dev.steward.api.memory.EntityView;
import dev.steward.api.memory.Episode;
import dev.steward.api.memory.Fact;
import dev.steward.api.memory.FactAssertion;
import dev.steward.api.memory.KnowledgeBank;
import dev.steward.api.memory.KnowledgeHit;
import dev.steward.api.memory.KnowledgeQuery;
import dev.steward.api.memory.Provenance;
import dev.steward.api.policy.PolicyRefusedException;
import dev.steward.api.policy.Verdict;

/**
 * A KnowledgeBank with one entity, "ada", found by any search with the episodes recorded so far; refuses a search
 * for "*" and, in episodes and search filters, metadata keys with a space and unknown entity ids like the real one.
 */
final class FakeKnowledge implements KnowledgeBank {

    static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    final List<String> calls = new ArrayList<>();
    final List<Episode> episodes = new ArrayList<>();
    final Entity ada = new Entity("e-ada", "person", "Ada Lovelace", "ada@example.org", Map.of());
    final Entity babbage = new Entity("e-babbage", "person", "Charles Babbage", null, Map.of());
    final Fact worksAt = new Fact("f-1", ada.id(), "works_at", null, "Analytical Engines", 0.9, T0, null, T0, null,
            new Provenance("mail", "m-1", null, null));

    @Override
    public List<KnowledgeHit> search(String text, Set<String> types, int limit) {
        throw new UnsupportedOperationException("the REST API searches with a KnowledgeQuery");
    }

    @Override
    public List<KnowledgeHit> search(KnowledgeQuery query) {
        calls.add("search " + query.text() + " " + new TreeSet<>(query.types()) + " " + query.from() + " " + query.to()
                + " " + query.limit() + (query.metadata().isEmpty() ? "" : " " + new TreeMap<>(query.metadata())));
        if (query.text().equals("*")) {
            throw new IllegalArgumentException("search text must contain a word");
        }
        if (query.metadata().keySet().stream().anyMatch(k -> k.contains(" "))) {
            throw new IllegalArgumentException("Search metadata key must not contain a space");
        }
        List<KnowledgeHit> hits = new ArrayList<>();
        for (Episode e : episodes) {
            if ((query.from() == null || !e.occurredAt().isBefore(query.from()))
                    && (query.to() == null || e.occurredAt().isBefore(query.to()))
                    && e.metadata().entrySet().containsAll(query.metadata().entrySet())) {
                hits.add(new KnowledgeHit(KnowledgeHit.Source.EPISODE, e.id(), e.kind(), e.text(), 1.0, e.occurredAt(),
                        e.metadata(), List.of(), List.of(), List.of(e.id())));
            }
        }
        if (!query.windowed() && query.metadata().isEmpty()) {
            hits.add(new KnowledgeHit(KnowledgeHit.Source.ENTITY, ada.id(), "person", ada.name(), 1.5, T0, Map.of(),
                    List.of(ada), List.of(worksAt), List.of("m-1")));
        }
        return hits;
    }

    @Override
    public Optional<EntityView> entity(String entityId) {
        calls.add("entity " + entityId);
        return entityId.equals(ada.id())
                ? Optional.of(new EntityView(ada, List.of(worksAt), List.of(), List.of(babbage)))
                : Optional.empty();
    }

    @Override
    public int forgetSubject(String entityId, String actor) {
        calls.add("forget " + entityId + " by " + actor);
        if (!entityId.equals(ada.id())) {
            throw new IllegalArgumentException("Unknown entity id " + entityId);
        }
        return 3;
    }

    @Override
    public Entity resolveEntity(String type, String name, String email, Map<String, String> attributes,
            Provenance provenance) {
        calls.add("resolve " + type + " " + name + " " + email + " " + attributes + " " + provenance.sourceType() + ":"
                + provenance.sourceId());
        if (!type.equals(type.toLowerCase())) {
            throw new IllegalArgumentException("Entity type '" + type + "' must be lower case");
        }
        return name.equals(ada.name()) ? ada : new Entity("e-" + calls.size(), type, name, email, attributes);
    }

    @Override
    public Fact assertFact(FactAssertion a) {
        calls.add("fact " + a.subjectId() + " " + a.predicate() + " " + a.objectId() + " " + a.value() + " "
                + a.singleValued() + " " + a.confidence() + " " + a.validFrom() + " " + a.validTo() + " "
                + a.provenance().sourceType() + ":" + a.provenance().sourceId());
        for (String id : a.objectId() == null ? List.of(a.subjectId()) : List.of(a.subjectId(), a.objectId())) {
            if (!id.equals(ada.id()) && !id.equals(babbage.id())) {
                throw new IllegalArgumentException("Unknown entity id " + id);
            }
        }
        return new Fact("f-" + calls.size(), a.subjectId(), a.predicate(), a.objectId(), a.value(), a.confidence(),
                a.validFrom(), a.validTo(), T0, null, a.provenance());
    }

    @Override
    public List<Fact> currentFacts(String entityId, Instant asOf) {
        throw new UnsupportedOperationException("currentFacts");
    }

    @Override
    public Episode recordEpisode(String kind, String text, Instant occurredAt, Map<String, String> metadata,
            Provenance provenance, List<String> mentionedEntityIds) {
        calls.add("episode " + kind + " " + occurredAt + " " + provenance.sourceType() + ":" + provenance.sourceId()
                + " " + mentionedEntityIds);
        if (metadata.keySet().stream().anyMatch(k -> k.contains(" "))) {
            throw new IllegalArgumentException("Episode metadata key must not contain a space");
        }
        if (kind.equals("health")) { // as a retention policy that never keeps health notes would refuse it
            throw new PolicyRefusedException(Verdict.DENY, "retention 1.0: episodes of kind health are never kept");
        }
        List<String> unknown = mentionedEntityIds.stream().filter(id -> !id.equals(ada.id())).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown mentioned entity ids " + unknown);
        }
        Episode episode = new Episode("ep-" + (episodes.size() + 1), kind, text, occurredAt, metadata, provenance);
        episodes.add(episode);
        return episode;
    }
}
