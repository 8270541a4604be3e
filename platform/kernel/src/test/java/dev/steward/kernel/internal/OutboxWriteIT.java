package dev.steward.kernel.internal;

import static dev.steward.store.testing.EmbeddedTestStore.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentRequest;
import dev.steward.api.agent.AgentResult;
import dev.steward.api.connector.EffectRequest;
import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.RetryPolicy;
import dev.steward.api.flow.StepDefinition;
import dev.steward.spi.agent.Agent;
import dev.steward.spi.store.Statement;

/** The effects a step asks for reach the outbox with the step's result, and only with it. */
class OutboxWriteIT extends EngineOnStore {

    private static final RetryPolicy ONCE = new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10), 1.0);

    @BeforeEach
    void emptyOutbox() {
        neo4j.store().write(Statement.of("MATCH (o:OutboxEffect) DETACH DELETE o"));
    }

    /** An agent that asks for two mails, after the latch opens. */
    private static final class Mailer implements Agent {
        final CountDownLatch go;

        Mailer(CountDownLatch go) {
            this.go = go;
        }

        @Override
        public AgentDescriptor descriptor() {
            return new AgentDescriptor("mailer", "1.0.0", List.of("mail.draft"), "{}", "{}", AgentDescriptor.CostClass.LOW,
                    false);
        }

        @Override
        public AgentResult execute(AgentRequest request) throws Exception {
            assertTrue(go.await(20, TimeUnit.SECONDS));
            return new AgentResult(Map.of("drafted", 2), "two mails", 1.0, null, List.of(
                    new EffectRequest("mail.send", Map.of("to", "a@example.org")),
                    new EffectRequest("mail.send", Map.of("to", "b@example.org"))));
        }
    }

    private void define() {
        engine.define(new FlowDefinition("mailing", 1, "", List.of(new StepDefinition("draft", "mail.draft", null, List.of(),
                ONCE, Duration.ofSeconds(30), null))));
    }

    private List<Map<String, Object>> outbox() {
        return neo4j.store().read(Statement.of("MATCH (s:StepRun)-[:REQUESTED]->(o:OutboxEffect) "
                + "RETURN s.id AS step, o.key AS key, o.capability AS capability, o.payload AS payload, o.status AS status, "
                + "o.attempts AS attempts ORDER BY o.key"));
    }

    @Test
    void theEffectsAreWrittenWithTheStepsResultEachWithItsKey() throws Exception {
        engine.addAgent(new Mailer(new CountDownLatch(0)));
        define();
        FlowInstance flow = engine.start("mailing", Map.of());
        assertEquals(FlowStatus.COMPLETED, engine.ending(flow.id()).get(60, TimeUnit.SECONDS));

        List<Map<String, Object>> effects = outbox();
        assertEquals(2, effects.size(), effects::toString);
        assertEquals(flow.id() + ":draft#1", effects.get(0).get("key"));
        assertEquals(flow.id() + ":draft#2", effects.get(1).get("key"));
        assertEquals(flow.id() + "/draft", effects.get(0).get("step"));
        assertEquals("mail.send", effects.get(0).get("capability"));
        assertEquals("{\"to\":\"a@example.org\"}", effects.get(0).get("payload"));
        assertEquals("PENDING", effects.get(1).get("status"));
        assertEquals(0L, ((Number) effects.get(1).get("attempts")).longValue());
    }

    @Test
    void aResultThatIsNotJournaledLeavesNoEffect() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        engine.addAgent(new Mailer(go));
        define();
        FlowInstance flow = engine.start("mailing", Map.of());
        await("the step runs", Duration.ofSeconds(20), () -> engine.find(flow.id()).isPresent());
        engine.cancel(flow.id(), "alice"); // the flow ends while its step runs: the result is dropped
        go.countDown();
        Thread.sleep(500); // the agent answers; its result must not be written
        assertEquals(FlowStatus.CANCELLED, engine.find(flow.id()).orElseThrow().status());
        assertEquals(List.of(), outbox(), "no effect without the result it came with");
        assertEquals(0L, ((Number) neo4j.store().read(Statement.of("MATCH (o:OutboxEffect) RETURN count(o) AS n"))
                .get(0).get("n")).longValue());
    }
}
