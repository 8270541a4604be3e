package dev.steward.orchestration.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.steward.api.plan.Plan;
import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;

/**
 * Keeps every plan in the store as a {@code (:Plan {id, status, origin, goal, flowId, createdAt, createdBy,
 * startedBy, json})} node (unique id, schema migration 12), so that plans, rejected ones with their problems, outlive
 * a restart and each started plan names its flow. Its {@code status} is the plan's, or {@code STARTING} while one
 * caller starts it.
 */
final class PlanStore {

    private final GraphStore store;

    PlanStore(GraphStore store) {
        this.store = store;
    }

    void create(Plan plan, String actor) {
        store.write(new Statement("""
                CREATE (p:Plan {id: $id, status: $status, origin: $origin, goal: $goal, createdAt: $createdAt,
                                createdBy: $actor, json: $json})""",
                Map.of("id", plan.id(), "status", plan.status().name(), "origin", plan.origin().name(),
                        "goal", plan.goal().text(), "createdAt", plan.createdAt().toEpochMilli(), "actor", actor,
                        "json", PlanJson.write(plan))));
    }

    void started(Plan plan, String actor) {
        store.write(new Statement("""
                MATCH (p:Plan {id: $id})
                SET p.status = $status, p.flowId = $flowId, p.startedBy = $actor, p.json = $json""",
                Map.of("id", plan.id(), "status", plan.status().name(), "flowId", plan.flowId(), "actor", actor,
                        "json", PlanJson.write(plan))));
    }

    /**
     * Marks a valid plan as being started, so that it is started once: the status is read again after the node's
     * write lock is taken, so of two concurrent runs only one wins.
     *
     * @return whether this caller may start it
     */
    boolean claim(String id, String actor) {
        return !store.write(new Statement("""
                MATCH (p:Plan {id: $id}) WHERE p.status = 'VALID'
                SET p.claiming = $actor WITH p WHERE p.status = 'VALID'
                SET p.status = 'STARTING' REMOVE p.claiming RETURN p.id AS id""",
                Map.of("id", id, "actor", actor))).isEmpty();
    }

    /** Gives a claimed plan back when its flow could not be started. */
    void release(String id) {
        store.write(new Statement("MATCH (p:Plan {id: $id}) WHERE p.status = 'STARTING' SET p.status = 'VALID'",
                Map.of("id", id)));
    }

    Optional<Plan> find(String id) {
        return store.read(new Statement("MATCH (p:Plan {id: $id}) RETURN p.json AS json", Map.of("id", id)))
                .stream().findFirst().map(row -> PlanJson.read((String) row.get("json")));
    }

    List<Plan> newest(int limit) {
        return store.read(new Statement("MATCH (p:Plan) RETURN p.json AS json ORDER BY p.createdAt DESC, p.id LIMIT $limit",
                Map.of("limit", limit))).stream().map(row -> PlanJson.read((String) row.get("json"))).toList();
    }
}
