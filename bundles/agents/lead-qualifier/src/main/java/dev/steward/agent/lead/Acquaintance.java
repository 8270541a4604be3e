package dev.steward.agent.lead;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.steward.api.memory.Entity;
import dev.steward.api.memory.EntityView;
import dev.steward.api.memory.Fact;
import dev.steward.api.memory.KnowledgeBank;
import dev.steward.api.memory.KnowledgeHit;
import dev.steward.api.memory.KnowledgeQuery;

/**
 * What the knowledge bank knows of a lead: the person (same e-mail address, else the same name), their organization
 * (named in the lead, else the one the person works for), each with its current facts, and the earlier episodes that
 * mention the person. It only reads: a lead never creates entities here.
 */
final class Acquaintance {

    record Known(EntityView person, EntityView organization, List<KnowledgeHit> episodes) {

        /** Every fact that holds now about the person or the organization. */
        List<Fact> facts() {
            List<Fact> out = new ArrayList<>();
            if (person != null) {
                out.addAll(person.facts());
            }
            if (organization != null) {
                out.addAll(organization.facts());
            }
            return out;
        }
    }

    private static final int CANDIDATES = 10;
    private static final int EPISODES = 20;

    private final KnowledgeBank bank;

    Acquaintance(KnowledgeBank bank) {
        this.bank = bank;
    }

    Known look(String name, String email, String company) {
        EntityView person = find("person", email == null ? name : email, e -> email != null
                ? email.equalsIgnoreCase(e.email()) : key(name).equals(key(e.name()))).orElse(null);
        EntityView organization = null;
        if (company != null) {
            organization = find("organization", company, e -> key(company).equals(key(e.name()))).orElse(null);
        }
        if (organization == null && person != null) {
            organization = person.facts().stream().filter(f -> f.objectId() != null)
                    .filter(f -> f.predicate().equalsIgnoreCase("worksFor"))
                    .map(f -> bank.entity(f.objectId()).orElse(null)).filter(v -> v != null).findFirst().orElse(null);
        }
        List<KnowledgeHit> episodes = person == null ? List.of() : bank.search(new KnowledgeQuery(person.entity().name(),
                null, null, null, EPISODES)).stream().filter(h -> h.source() == KnowledgeHit.Source.EPISODE)
                .filter(h -> h.entities().stream().anyMatch(e -> e.id().equals(person.entity().id()))).toList();
        return new Known(person, organization, episodes);
    }

    private Optional<EntityView> find(String type, String text, java.util.function.Predicate<Entity> same) {
        return bank.search(new KnowledgeQuery(text, Set.of(type), null, null, CANDIDATES)).stream()
                .flatMap(h -> h.entities().stream()).filter(e -> e.type().equals(type)).filter(same)
                .findFirst().flatMap(e -> bank.entity(e.id()));
    }

    /** A name as compared: lower case, accents stripped, only letters and digits separated by single spaces. */
    static String key(String name) {
        String plain = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }
}
