package dev.steward.rest.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.steward.api.memory.Entity;
import dev.steward.api.memory.Episode;
import dev.steward.api.memory.Fact;
import dev.steward.api.memory.FactAssertion;
import dev.steward.api.memory.KnowledgeBank;
import dev.steward.api.memory.KnowledgeHit;
import dev.steward.api.memory.Provenance;

/** A KnowledgeBank with one entity, "ada", found by any search; refuses a search for "*" like the real one. */
final class FakeKnowledge implements KnowledgeBank {

    static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    final List<String> calls = new ArrayList<>();
    final Entity ada = new Entity("e-ada", "person", "Ada Lovelace", "ada@example.org", Map.of());

    @Override
    public List<KnowledgeHit> search(String text, Set<String> types, int limit) {
        calls.add("search " + text + " " + types + " " + limit);
        if (text.equals("*")) {
            throw new IllegalArgumentException("search text must contain a word");
        }
        Fact fact = new Fact("f-1", ada.id(), "works_at", null, "Analytical Engines", 0.9, T0, null, T0, null,
                new Provenance("mail", "m-1", null, null));
        return List.of(new KnowledgeHit(KnowledgeHit.Source.ENTITY, ada.id(), "person", ada.name(), 1.5, T0, Map.of(),
                List.of(ada), List.of(fact), List.of("m-1")));
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
        throw new UnsupportedOperationException("resolveEntity");
    }

    @Override
    public Fact assertFact(FactAssertion assertion) {
        throw new UnsupportedOperationException("assertFact");
    }

    @Override
    public List<Fact> currentFacts(String entityId, Instant asOf) {
        throw new UnsupportedOperationException("currentFacts");
    }

    @Override
    public Episode recordEpisode(String kind, String text, Instant occurredAt, Map<String, String> metadata,
            Provenance provenance, List<String> mentionedEntityIds) {
        throw new UnsupportedOperationException("recordEpisode");
    }
}
