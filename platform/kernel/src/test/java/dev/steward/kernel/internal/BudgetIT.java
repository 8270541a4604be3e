package dev.steward.kernel.internal;

import static dev.steward.store.testing.EmbeddedTestStore.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentRequest;
import dev.steward.api.agent.AgentResult;
import dev.steward.api.flow.Escalation;
import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.RetryPolicy;
import dev.steward.api.flow.StepDefinition;
import dev.steward.api.policy.PolicyDecision;
import dev.steward.api.policy.PolicySubject;
import dev.steward.policy.budget.BudgetConfig;
import dev.steward.policy.budget.BudgetPolicy;
import dev.steward.spi.agent.Agent;
import dev.steward.spi.policy.Policy;
import dev.steward.spi.store.Statement;

/** The budget policy in a real kernel on real Neo4j: reserved before each step, settled after, never overspent. */
@Timeout(180)
class BudgetIT extends EngineOnStore {

    /** A model-like agent: estimates 10 cents a call, reports what it spent, and can be held at a latch. */
    private static final class Drafter implements Agent {
        final List<AgentRequest> calls = new CopyOnWriteArrayList<>();
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public AgentDescriptor descriptor() {
            return new AgentDescriptor("drafter", "2.1.0", List.of("draft"), null, null, AgentDescriptor.CostClass.HIGH,
                    true);
        }

        @Override
        public Optional<BigDecimal> estimateCostUsd(AgentRequest request) {
            return Optional.of(new BigDecimal("0.10"));
        }

        @Override
        public AgentResult execute(AgentRequest request) throws Exception {
            calls.add(request);
            gate.await(30, TimeUnit.SECONDS);
            return new AgentResult(Map.of("draft", "Dear " + request.input().get("to")), "a short, polite reminder", 0.9,
                    new BigDecimal("0.10"));
        }
    }

    private final Drafter drafter = new Drafter();

    @BeforeEach
    void defineDraftFlow() {
        neo4j.store().write(new Statement("MATCH (n) WHERE n:BudgetScope OR n:BudgetReservation DETACH DELETE n", Map.of()));
        engine.register(drafter);
        engine.define(new FlowDefinition("remind", 1, "", List.of(new StepDefinition("draft", "draft",
                Map.of("to", "input.to"), List.of(), RetryPolicy.none(), Duration.ofSeconds(40), null))));
    }

    @Test
    void sixteenConcurrentFlowsNeverSpendMoreThanTheDayBudgetAndTheRefusedSayWhy() throws Exception {
        engine.register(budget(Map.of("day.limit.usd", "1.00")), 0);
        drafter.gate = new CountDownLatch(1); // every admitted step holds its reservation until all 16 were judged
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<FlowInstance>> started = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String to = "client-" + i;
            started.add(clients.submit(() -> engine.start("remind", Map.of("to", to))));
        }
        List<String> ids = new ArrayList<>();
        for (Future<FlowInstance> f : started) {
            ids.add(f.get(30, TimeUnit.SECONDS).id());
        }
        clients.shutdown();
        await("16 flows judged", Duration.ofSeconds(60), () -> reserved()
                + ids.stream().filter(id -> engine.find(id).orElseThrow().status() == FlowStatus.FAILED).count() == 16);
        assertEquals(10, reserved(), "ten reservations held at once, none settled yet");
        drafter.gate.countDown();

        int completed = 0;
        for (String id : ids) {
            FlowStatus status = awaitEnd(id);
            if (status == FlowStatus.COMPLETED) {
                completed++;
            } else {
                String error = engine.steps(id).get(0).error();
                assertTrue(error.startsWith("denied by policy budget 1.0: over budget: 0.1 USD estimated, but day:"),
                        error);
                assertTrue(error.endsWith(" has 0 of 1 USD left"), error);
            }
        }
        assertEquals(10, completed, "a dollar a day at ten cents a step admits ten of sixteen");
        assertEquals(10, drafter.calls.size(), "a refused step never reaches its agent");
        String day = "day:" + LocalDate.now(ZoneOffset.UTC);
        await("reservations settled", Duration.ofSeconds(30), () -> usage(day)[1] == 0);
        long[] used = usage(day);
        assertEquals(1_000_000L, used[2], "settled spend is exactly the ten admitted steps, never above the limit");
        assertEquals(1_000_000L, used[0]);
        assertEquals(1_000_000L, usage("agent:drafter:" + LocalDate.now(ZoneOffset.UTC))[2]);
        assertEquals(new BigDecimal("0.10"), engine.steps(ids.stream()
                .filter(id -> engine.find(id).orElseThrow().status() == FlowStatus.COMPLETED).findFirst().orElseThrow())
                .get(0).costUsd(), "the step's journal keeps what it cost");
    }

    @Test
    void aStepOverBudgetWaitsForTheOperatorWithItsReservationShownAndIsChargedOnceApproved() throws Exception {
        engine.register(budget(Map.of("agent.limits.usd", "drafter=0.15", "over.action", "approval")), 0);
        assertEquals(FlowStatus.COMPLETED, awaitEnd(engine.start("remind", Map.of("to", "a")).id()));
        FlowInstance second = engine.start("remind", Map.of("to", "b"));
        await("the second draft held", Duration.ofSeconds(30), () -> !engine.escalations().isEmpty());

        Escalation held = engine.escalations().get(0);
        assertEquals(second.id(), held.flowId());
        assertEquals(new BigDecimal("0.10"), held.reservedUsd());
        assertTrue(held.reasons().contains("agent:drafter:"), held.reasons());
        assertTrue(held.reasons().endsWith("has 0.05 of 0.15 USD left"), held.reasons());
        assertEquals(1, drafter.calls.size());

        engine.approve(second.id(), "draft", Map.of(), "operator");
        assertEquals(FlowStatus.COMPLETED, awaitEnd(second.id()));
        String agentDay = "agent:drafter:" + LocalDate.now(ZoneOffset.UTC);
        await("the approved step charged", Duration.ofSeconds(30), () -> usage(agentDay)[2] == 200_000L);
        assertEquals(0L, usage(agentDay)[1], "nothing stays reserved");
    }

    @Test
    void aReservationIsGivenBackWhenAnotherPolicyDeniesTheStep() throws Exception {
        engine.register(budget(Map.of("day.limit.usd", "0.10")), 10);
        engine.register(new Policy() {
            @Override
            public String id() {
                return "freeze";
            }

            @Override
            public String version() {
                return "1";
            }

            @Override
            public PolicyDecision evaluate(PolicySubject subject) {
                return "frozen".equals(subject.payload().get("to")) ? PolicyDecision.deny("freeze", "1", "account frozen")
                        : PolicyDecision.allow("freeze", "1");
            }
        }, 0);
        assertEquals(FlowStatus.FAILED, awaitEnd(engine.start("remind", Map.of("to", "frozen")).id()));
        String day = "day:" + LocalDate.now(ZoneOffset.UTC);
        await("the denied step's reservation released", Duration.ofSeconds(30), () -> usage(day)[1] == 0);
        assertEquals(FlowStatus.COMPLETED, awaitEnd(engine.start("remind", Map.of("to", "open")).id()),
                "the released dime is there for the next step");
        await("spent", Duration.ofSeconds(30), () -> usage(day)[2] == 100_000L);
    }

    private static long reserved() {
        return ((Number) neo4j.store().read(new Statement("MATCH (r:BudgetReservation {state: 'RESERVED'}) RETURN count(r) AS n",
                Map.of())).get(0).get("n")).longValue();
    }

    /** A scope's limit, reserved and spent micro-dollars. */
    private static long[] usage(String scope) {
        Map<String, Object> b = neo4j.store().read(new Statement("MATCH (b:BudgetScope {id: $id}) RETURN b.limitMicros AS l, "
                + "b.reservedMicros AS r, b.spentMicros AS s", Map.of("id", scope))).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no budget scope " + scope));
        return new long[] {((Number) b.get("l")).longValue(), ((Number) b.get("r")).longValue(),
            ((Number) b.get("s")).longValue()};
    }

    /** The budget policy as DS would make it, with these settings over its defaults. */
    private static BudgetPolicy budget(Map<String, String> settings) {
        BudgetConfig config = (BudgetConfig) Proxy.newProxyInstance(BudgetConfig.class.getClassLoader(),
                new Class<?>[] {BudgetConfig.class}, (proxy, method, args) -> {
                    String key = method.getName().replace('_', '.');
                    if (!settings.containsKey(key)) {
                        return method.getDefaultValue();
                    }
                    return method.getReturnType() == String[].class ? new String[] {settings.get(key)} : settings.get(key);
                });
        return new BudgetPolicy(neo4j.store(), config);
    }

    private FlowStatus awaitEnd(String flowId) throws InterruptedException {
        await("flow " + flowId + " ended", Duration.ofSeconds(60),
                () -> engine.find(flowId).map(f -> f.status().terminal()).orElse(false));
        return engine.find(flowId).orElseThrow().status();
    }
}
