package dev.steward.store.internal;

import java.util.List;

/** One versioned step of the store schema: idempotent statements (IF NOT EXISTS), applied once, in order. */
record Migration(int version, String description, List<String> statements) {

    Migration {
        statements = List.copyOf(statements);
    }

    /** Every migration of this release, in version order. Never edit a released one: add the next. */
    static List<Migration> all() {
        return List.of(
                new Migration(1, "schema bookkeeping", List.of(
                        "CREATE CONSTRAINT steward_migration_version IF NOT EXISTS "
                                + "FOR (m:StewardMigration) REQUIRE m.version IS UNIQUE")),
                new Migration(2, "flow journal keys", List.of(
                        "CREATE CONSTRAINT steward_flow_instance_id IF NOT EXISTS "
                                + "FOR (f:FlowInstance) REQUIRE f.id IS UNIQUE",
                        "CREATE CONSTRAINT steward_step_attempt_id IF NOT EXISTS "
                                + "FOR (s:StepAttempt) REQUIRE s.id IS UNIQUE",
                        "CREATE INDEX steward_flow_instance_status IF NOT EXISTS "
                                + "FOR (f:FlowInstance) ON (f.status)")),
                new Migration(3, "durable idempotency keys", List.of(
                        "CREATE CONSTRAINT steward_idempotency_key IF NOT EXISTS "
                                + "FOR (k:IdempotencyKey) REQUIRE k.key IS UNIQUE",
                        "CREATE INDEX steward_idempotency_expiry IF NOT EXISTS "
                                + "FOR (k:IdempotencyKey) ON (k.expiresAt)")),
                new Migration(4, "step runs recorded once", List.of(
                        "CREATE CONSTRAINT steward_step_run_id IF NOT EXISTS "
                                + "FOR (s:StepRun) REQUIRE s.id IS UNIQUE")),
                new Migration(5, "archived flow definition versions", List.of(
                        "CREATE CONSTRAINT steward_flow_definition_version IF NOT EXISTS "
                                + "FOR (d:FlowDefinitionVersion) REQUIRE d.key IS UNIQUE")),
                new Migration(6, "exceptions inbox and idempotency repositories", List.of(
                        "CREATE CONSTRAINT steward_dead_letter_id IF NOT EXISTS "
                                + "FOR (d:DeadLetter) REQUIRE d.id IS UNIQUE",
                        "CREATE INDEX steward_dead_letter_status IF NOT EXISTS "
                                + "FOR (d:DeadLetter) ON (d.status)",
                        "CREATE INDEX steward_idempotency_repository IF NOT EXISTS "
                                + "FOR (k:IdempotencyKey) ON (k.repository)")),
                new Migration(7, "knowledge bank", List.of(
                        "CREATE CONSTRAINT steward_entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE",
                        // Community edition has no NODE KEY: type and normalized name are combined in one property
                        "CREATE CONSTRAINT steward_entity_type_name IF NOT EXISTS "
                                + "FOR (e:Entity) REQUIRE e.typeNameKey IS UNIQUE",
                        "CREATE CONSTRAINT steward_entity_email IF NOT EXISTS FOR (e:Entity) REQUIRE e.email IS UNIQUE",
                        "CREATE CONSTRAINT steward_entity_resolution_lock IF NOT EXISTS "
                                + "FOR (l:EntityResolutionLock) REQUIRE l.stripe IS UNIQUE",
                        "CREATE CONSTRAINT steward_fact_id IF NOT EXISTS FOR (f:Fact) REQUIRE f.id IS UNIQUE",
                        "CREATE CONSTRAINT steward_episode_id IF NOT EXISTS FOR (e:Episode) REQUIRE e.id IS UNIQUE",
                        "CREATE CONSTRAINT steward_tombstone_id IF NOT EXISTS FOR (t:Tombstone) REQUIRE t.id IS UNIQUE",
                        "CREATE INDEX steward_episode_occurred IF NOT EXISTS FOR (e:Episode) ON (e.occurredAt)",
                        "CREATE FULLTEXT INDEX steward_episode_text IF NOT EXISTS FOR (e:Episode) ON EACH [e.text]",
                        "CREATE FULLTEXT INDEX steward_entity_names IF NOT EXISTS FOR (e:Entity) ON EACH [e.name]")),
                new Migration(8, "cost budgets", List.of(
                        "CREATE CONSTRAINT steward_budget_scope_id IF NOT EXISTS "
                                + "FOR (b:BudgetScope) REQUIRE b.id IS UNIQUE",
                        "CREATE CONSTRAINT steward_budget_reservation_key IF NOT EXISTS "
                                + "FOR (r:BudgetReservation) REQUIRE r.key IS UNIQUE")),
                // 384 dimensions: the default local model (all-MiniLM-L6-v2); see docs/adr/0001-local-embedding-model.md
                new Migration(9, "episode embeddings", List.of(
                        "CREATE VECTOR INDEX steward_episode_embedding IF NOT EXISTS "
                                + "FOR (e:Episode) ON (e.embedding) OPTIONS {indexConfig: {"
                                + "`vector.dimensions`: 384, `vector.similarity_function`: 'cosine'}}",
                        "CREATE INDEX steward_episode_embed_pending IF NOT EXISTS FOR (e:Episode) ON (e.embedPending)")),
                // appends MERGE the session under its unique id, which serializes the seq counter of one session
                new Migration(10, "session history", List.of(
                        "CREATE CONSTRAINT steward_session_id IF NOT EXISTS FOR (s:Session) REQUIRE s.id IS UNIQUE",
                        "CREATE CONSTRAINT steward_turn_id IF NOT EXISTS FOR (t:Turn) REQUIRE t.id IS UNIQUE",
                        "CREATE CONSTRAINT steward_session_summary_id IF NOT EXISTS "
                                + "FOR (m:SessionSummary) REQUIRE m.id IS UNIQUE",
                        "CREATE CONSTRAINT steward_session_tombstone_id IF NOT EXISTS "
                                + "FOR (t:SessionTombstone) REQUIRE t.id IS UNIQUE",
                        "CREATE CONSTRAINT steward_session_upkeep_run_id IF NOT EXISTS "
                                + "FOR (r:SessionUpkeepRun) REQUIRE r.id IS UNIQUE",
                        "CREATE INDEX steward_turn_occurred IF NOT EXISTS FOR (t:Turn) ON (t.occurredAt)")),
                new Migration(11, "model call journal", List.of(
                        "CREATE CONSTRAINT steward_model_call_key IF NOT EXISTS "
                                + "FOR (c:ModelCall) REQUIRE c.key IS UNIQUE",
                        "CREATE INDEX steward_model_call_flow IF NOT EXISTS FOR (c:ModelCall) ON (c.flowId)")),
                new Migration(12, "outbox of outbound effects", List.of(
                        "CREATE CONSTRAINT steward_outbox_key IF NOT EXISTS "
                                + "FOR (o:OutboxEffect) REQUIRE o.key IS UNIQUE",
                        "CREATE INDEX steward_outbox_due IF NOT EXISTS FOR (o:OutboxEffect) ON (o.status, o.nextAttemptAt)")),
                new Migration(13, "choreographer plans", List.of(
                        "CREATE CONSTRAINT steward_plan_id IF NOT EXISTS FOR (p:Plan) REQUIRE p.id IS UNIQUE",
                        "CREATE INDEX steward_plan_created IF NOT EXISTS FOR (p:Plan) ON (p.createdAt)")),
                // a start key starts one flow: concurrent MERGEs on the key are exact only under this constraint
                new Migration(14, "flow start keys", List.of(
                        "CREATE CONSTRAINT steward_flow_start_key IF NOT EXISTS "
                                + "FOR (f:FlowInstance) REQUIRE f.startKey IS UNIQUE")),
                // budgets reserve in memory from allotments; a reservation left by the old per-step ledger may
                // have been spent: it is counted as spent, as a crashed node's allotment is
                new Migration(15, "budget allotments", List.of(
                        "CREATE CONSTRAINT steward_budget_allotment_id IF NOT EXISTS "
                                + "FOR (a:BudgetAllotment) REQUIRE a.id IS UNIQUE",
                        "MATCH (b:BudgetScope) WHERE b.allottedMicros IS NULL SET b.allottedMicros = 0, "
                                + "b.spentMicros = coalesce(b.spentMicros, 0) + coalesce(b.reservedMicros, 0), "
                                + "b.unaccountedMicros = coalesce(b.reservedMicros, 0) REMOVE b.reservedMicros",
                        "MATCH (r:BudgetReservation) DETACH DELETE r",
                        "DROP CONSTRAINT steward_budget_reservation_key IF EXISTS")));
    }
}
