package dev.steward.api.memory;

import java.util.List;
import java.util.Objects;

/**
 * An entity with what the knowledge bank currently believes about it.
 *
 * @param entity the entity
 * @param facts its current facts (valid now, not retracted), by predicate ({@code null} becomes empty)
 * @param incomingFacts the current facts of other entities that point to it ({@code null} becomes empty)
 * @param linked the entities its current facts point to and those whose current facts point to it
 *        ({@code null} becomes empty)
 */
public record EntityView(Entity entity, List<Fact> facts, List<Fact> incomingFacts, List<Entity> linked) {

    /** Validates the entity and copies the lists. */
    public EntityView {
        Objects.requireNonNull(entity, "entity");
        facts = facts == null ? List.of() : List.copyOf(facts);
        incomingFacts = incomingFacts == null ? List.of() : List.copyOf(incomingFacts);
        linked = linked == null ? List.of() : List.copyOf(linked);
    }
}
