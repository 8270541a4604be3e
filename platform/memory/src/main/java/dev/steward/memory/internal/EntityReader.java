package dev.steward.memory.internal;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.steward.api.memory.Entity;
import dev.steward.api.memory.EntityView;
import dev.steward.api.memory.Fact;
import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;

/** Reads one entity with its current facts, the current facts pointing to it, and the entities they link it to. */
final class EntityReader {

    private static final String VIEW = """
            MATCH (e:Entity {id: $id})
            CALL {
                WITH e
                OPTIONAL MATCH (e)<-[:ABOUT]-(f:Fact)
                WHERE f.retractedAt IS NULL AND f.validFrom <= $now AND (f.validTo IS NULL OR f.validTo > $now)
                OPTIONAL MATCH (f)-[:OBJECT]->(o:Entity)
                WITH f, o ORDER BY f.predicate, f.validFrom
                RETURN collect(properties(f)) AS facts, collect(DISTINCT properties(o)) AS objects
            }
            CALL {
                WITH e
                OPTIONAL MATCH (s:Entity)<-[:ABOUT]-(g:Fact)-[:OBJECT]->(e)
                WHERE g.retractedAt IS NULL AND g.validFrom <= $now AND (g.validTo IS NULL OR g.validTo > $now)
                WITH s, g ORDER BY g.predicate, g.validFrom
                RETURN collect(properties(g)) AS incoming, collect(DISTINCT properties(s)) AS subjects
            }
            RETURN properties(e) AS entity, facts, objects, incoming, subjects
            """;

    private final GraphStore store;
    private final Clock clock;

    EntityReader(GraphStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    Optional<EntityView> view(String entityId) {
        Input.id("Entity id", entityId);
        List<Map<String, Object>> rows = store.read(new Statement(VIEW, Map.of("id", entityId, "now", clock.millis())));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> row = rows.get(0);
        Entity entity = Props.entity(FactLedger.column(row, "entity"));
        Map<String, Entity> linked = new LinkedHashMap<>();
        for (String column : List.of("objects", "subjects")) {
            maps(row, column).stream().map(Props::entity).filter(x -> !x.id().equals(entity.id()))
                    .forEach(x -> linked.putIfAbsent(x.id(), x));
        }
        return Optional.of(new EntityView(entity, facts(row, "facts"), facts(row, "incoming"), List.copyOf(linked.values())));
    }

    private static List<Fact> facts(Map<String, Object> row, String column) {
        return maps(row, column).stream().map(Props::fact).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Map<String, Object> row, String column) {
        return (List<Map<String, Object>>) row.get(column);
    }
}
