package dev.steward.memory.internal;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;

/**
 * Erases a subject in one transaction: the entity, the facts about it or pointing to it, and the episodes that
 * mention only it; leaves a tombstone that says what was erased, when and by whom, with no personal content.
 */
final class SubjectEraser {

    private static final String ERASE = """
            MATCH (e:Entity {id: $id})
            OPTIONAL MATCH (f:Fact) WHERE (f)-[:ABOUT]->(e) OR (f)-[:OBJECT]->(e)
            WITH e, collect(DISTINCT f) AS facts
            OPTIONAL MATCH (ep:Episode)-[:MENTIONS]->(e)
            WHERE NOT EXISTS { MATCH (ep)-[:MENTIONS]->(other:Entity) WHERE other <> e }
            WITH e, facts, collect(DISTINCT ep) AS episodes
            WITH e, e.type AS type, facts, episodes, size(facts) AS factCount, size(episodes) AS episodeCount
            FOREACH (x IN facts | DETACH DELETE x)
            FOREACH (x IN episodes | DETACH DELETE x)
            DETACH DELETE e
            CREATE (:Tombstone {id: $id, entityType: type, erasedAt: $now, actor: $actor,
                                entities: 1, facts: factCount, episodes: episodeCount})
            RETURN factCount, episodeCount
            """;

    private final GraphStore store;
    private final Clock clock;

    SubjectEraser(GraphStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    int forget(String entityId, String actor) {
        Input.id("Entity id", entityId);
        Input.text("Actor", actor, 200);
        List<Map<String, Object>> rows = store.write(new Statement(ERASE,
                Map.of("id", entityId, "actor", actor, "now", clock.millis())));
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("Unknown entity id " + entityId);
        }
        Map<String, Object> r = rows.get(0);
        return 1 + ((Number) r.get("factCount")).intValue() + ((Number) r.get("episodeCount")).intValue();
    }
}
