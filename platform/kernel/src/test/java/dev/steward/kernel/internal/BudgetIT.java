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

import org.junit.jupiter.api.AfterEach;
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
import dev.steward.api.policy.BudgetUsage;
import dev.steward.api.policy.PolicyDecision;
import dev.steward.api.policy.PolicySubject;
import dev.steward.policy.budget.BudgetConfig;
import dev.steward.policy.budget.BudgetPolicy;
import dev.steward.policy.budget.BudgetViews;
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
    private final List<BudgetPolicy> budgets = new ArrayList<>();

    @BeforeEach
    void defineDraftFlow() {
        neo4j.store().write(new Statement("MATCH (n) WHERE n:BudgetScope OR n:BudgetAllotment DETACH DELETE n", Map.of()));
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
        // the admitted steps hold their reservations at the gate (or queue on the capability's bulkhead before it)
        await("six flows refused", Duration.ofSeconds(60),
                () -> ids.stream().filter(id -> engine.find(id).orElseThrow().status() == FlowStatus.FAILED).count() == 6);
        long[] held = usage("day:" + LocalDate.now(ZoneOffset.UTC));
        assertEquals(1_000_000L, held[1] + held[2], "the store allotted the whole dollar to this node, no more");
        drafter.gate.countDown();

        int completed = 0;
        for (String id : ids) {
            FlowStatus status = awaitEnd(id);
            if (status == FlowStatus.COMPLETED) {
                completed++;
            } else {
                String error = engine.steps(id).get(0).error();
                assertTrue(error.startsWith("denied by policy budget 1.1: over budget: 0.1 USD estimated, but day:"),
                        error);
                assertTrue(error.endsWith(" has 0 of 1 USD left"), error);
            }
        }
        assertEquals(10, completed, "a dollar a day at ten cents a step admits ten of sixteen");
        assertEquals(10, drafter.calls.size(), "a refused step never reaches its agent");
        String day = "day:" + LocalDate.now(ZoneOffset.UTC);
        await("reservations settled and written", Duration.ofSeconds(30), () -> usage(day)[2] == 1_000_000L);
        long[] used = usage(day);
        assertEquals(1_000_000L, used[2], "settled spend is exactly the ten admitted steps, never above the limit");
        assertEquals(1_000_000L, used[0]);
        assertEquals(1_000_000L, usage("agent:drafter:" + LocalDate.now(ZoneOffset.UTC))[2]);
        // what steward:budgets and GET /budgets show
        List<BudgetUsage> view = new BudgetViews(neo4j.store()).day(LocalDate.now(ZoneOffset.UTC));
        assertEquals(List.of("agent:drafter:" + LocalDate.now(ZoneOffset.UTC), day),
                view.stream().map(BudgetUsage::scope).toList());
        BudgetUsage today = view.get(1);
        assertEquals(new BigDecimal("1"), today.limitUsd());
        assertEquals(new BigDecimal("1"), today.spentUsd());
        assertEquals(0, today.leftUsd().signum(), "nothing left, whatever is still allotted");
        assertEquals(null, view.get(0).limitUsd(), "the agent has no limit; its spend is counted");
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
        assertEquals(0L, usage(day)[2], "the denied step spent nothing");
        assertEquals(FlowStatus.COMPLETED, awaitEnd(engine.start("remind", Map.of("to", "open")).id()),
                "the released dime is there for the next step");
        await("spent", Duration.ofSeconds(30), () -> usage(day)[2] == 100_000L);
    }

    @Test
    void twoNodesSharingTheStoreNeverReserveMoreThanTheLimitTogether() throws Exception {
        BudgetPolicy a = budget(Map.of("day.limit.usd", "1.00", "allotment.percent", "30"));
        BudgetPolicy b = budget(Map.of("day.limit.usd", "1.00", "allotment.percent", "30"));
        ExecutorService steps = Executors.newFixedThreadPool(8);
        List<Future<PolicyDecision>> decisions = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            BudgetPolicy node = i % 2 == 0 ? a : b;
            PolicySubject step = subject("flow-" + i, "0.05");
            decisions.add(steps.submit(() -> node.evaluate(step)));
        }
        long allowed = 0;
        for (Future<PolicyDecision> d : decisions) {
            PolicyDecision decision = d.get(30, TimeUnit.SECONDS);
            if (decision.verdict() == dev.steward.api.policy.Verdict.ALLOW) {
                allowed++;
            } else {
                assertTrue(String.join("; ", decision.reasons()).contains("over budget: 0.05 USD estimated"), String.join("; ", decision.reasons()));
            }
        }
        steps.shutdown();
        assertEquals(20, allowed, "a dollar at five cents a step: twenty steps on the two nodes together");
        String day = "day:" + LocalDate.now(ZoneOffset.UTC);
        assertTrue(usage(day)[1] <= 1_000_000L, "never more allotted than the limit");
        for (int i = 0; i < 40; i++) { // as the kernel does: what ran with its cost, what was refused did not run
            boolean ran = decisions.get(i).get().verdict() == dev.steward.api.policy.Verdict.ALLOW;
            (i % 2 == 0 ? a : b).settle(subject("flow-" + i, "0.05"), ran, ran ? new BigDecimal("0.05") : BigDecimal.ZERO);
        }
        await("the spend written", Duration.ofSeconds(30), () -> usage(day)[2] == 1_000_000L);
        a.close();
        b.close();
        assertEquals(0L, usage(day)[1], "stopped nodes hold nothing");
    }

    @Test
    void aNodeGivesBackWhatItDidNotUseWhenItStopsAndACrashedNodesAllotmentIsCountedAsSpent() throws Exception {
        String day = "day:" + LocalDate.now(ZoneOffset.UTC);
        BudgetPolicy first = budget(Map.of("day.limit.usd", "1.00", "allotment.percent", "50"));
        assertEquals(dev.steward.api.policy.Verdict.ALLOW, first.evaluate(subject("f1", "0.10")).verdict());
        assertEquals(500_000L, usage(day)[1], "half the limit allotted to the node at once");
        first.settle(subject("f1", "0.10"), true, new BigDecimal("0.10"));
        first.close();
        assertEquals(0L, usage(day)[1], "a clean stop gives back the unused allotment");
        assertEquals(100_000L, usage(day)[2]);

        // a node that crashed holding 0.40 and did not renew it: its allotment is counted as spent, never reused
        neo4j.store().write(new Statement("MATCH (b:BudgetScope {id: $id}) SET b.allottedMicros = b.allottedMicros + 400000 "
                + "CREATE (:BudgetAllotment {id: $id + ' crashed', scope: $id, holder: 'crashed', micros: 400000, "
                + "renewedAt: 0})", Map.of("id", day)));
        BudgetPolicy second = budget(Map.of("day.limit.usd", "1.00", "allotment.ttl.seconds", "1"));
        PolicyDecision tooMuch = second.evaluate(subject("f2", "0.60"));
        assertEquals(dev.steward.api.policy.Verdict.DENY, tooMuch.verdict(), "0.40 held by the crashed node is not free");
        assertTrue(String.join("; ", tooMuch.reasons()).endsWith(day + " has 0.5 of 1 USD left"), String.join("; ", tooMuch.reasons()));
        await("the crashed node's allotment taken back", Duration.ofSeconds(30), () -> usage(day)[3] == 400_000L);
        long[] after = usage(day);
        assertEquals(500_000L, after[2], "0.10 spent and 0.40 that may have been");
        assertEquals(0L, after[1]);
        assertEquals(dev.steward.api.policy.Verdict.ALLOW, second.evaluate(subject("f3", "0.50")).verdict());
        assertEquals(dev.steward.api.policy.Verdict.DENY, second.evaluate(subject("f4", "0.01")).verdict());
    }

    @Test
    void aFlowsBudgetCountsWhatItsJournaledStepsCostAndHoldsAcrossARestart() throws Exception {
        engine.register(budget(Map.of("flow.limit.usd", "0.25")), 0);
        engine.define(threeDrafts());
        FlowInstance flow = engine.start("drafts", Map.of("to", "ada"));
        assertEquals(FlowStatus.FAILED, awaitEnd(flow.id()));
        List<String> statuses = engine.steps(flow.id()).stream().map(s -> s.stepId() + " " + s.status()).toList();
        assertTrue(statuses.containsAll(List.of("one SUCCEEDED", "two SUCCEEDED", "three FAILED")), statuses.toString());
        String error = engine.steps(flow.id()).stream().filter(s -> s.stepId().equals("three")).findFirst().orElseThrow()
                .error();
        assertEquals("denied by policy budget 1.1: over budget: 0.1 USD estimated, but flow:" + flow.id()
                + " has 0.05 of 0.25 USD left", error);
        assertEquals(2, drafter.calls.size());
        assertEquals(0L, neo4j.store().read(new Statement("MATCH (b:BudgetScope) WHERE b.id STARTS WITH 'flow:' "
                + "RETURN count(b) AS n", Map.of())).get(0).get("n"), "a flow's budget is not kept in the store");

        // after a restart the resumed flow's budget starts from what its journal says it spent
        drafter.gate = new CountDownLatch(1);
        FlowInstance second = engine.start("drafts", Map.of("to", "bob"));
        await("the first step of the second flow runs", Duration.ofSeconds(30), () -> drafter.calls.size() == 3);
        drafter.gate.countDown();
        await("its first step journaled", Duration.ofSeconds(30), () -> engine.steps(second.id()).stream()
                .anyMatch(s -> s.stepId().equals("one") && s.status() == dev.steward.api.flow.StepStatus.SUCCEEDED));
        engine.deactivate();
        engine = newEngine();
        engine.register(drafter);
        engine.define(threeDrafts());
        engine.register(budget(Map.of("flow.limit.usd", "0.25")), 0);
        assertEquals(FlowStatus.FAILED, awaitEnd(second.id()));
        assertTrue(engine.steps(second.id()).stream().anyMatch(s -> s.stepId().equals("three")
                && s.error().endsWith("has 0.05 of 0.25 USD left")), "the restarted node knew the flow had spent 0.20");
    }

    /** Three drafts in a row, ten cents each. */
    private static FlowDefinition threeDrafts() {
        return new FlowDefinition("drafts", 1, "", List.of("one", "two", "three").stream()
                .map(id -> new StepDefinition(id, "draft", Map.of("to", "input.to"),
                        id.equals("one") ? List.<String>of() : List.of(id.equals("two") ? "one" : "two"), RetryPolicy.none(),
                        Duration.ofSeconds(40), null))
                .toList());
    }

    private static PolicySubject subject(String flowId, String cost) {
        return new PolicySubject(PolicySubject.Kind.STEP, flowId, "draft", "draft", Map.of(), new BigDecimal(cost),
                "remind", "drafter", null);
    }

    /** A scope's limit, allotted, spent and unaccounted micro-dollars. */
    private static long[] usage(String scope) {
        Map<String, Object> b = neo4j.store().read(new Statement("MATCH (b:BudgetScope {id: $id}) RETURN b.limitMicros AS l, "
                + "b.allottedMicros AS a, b.spentMicros AS s, coalesce(b.unaccountedMicros, 0) AS u", Map.of("id", scope)))
                .stream().findFirst().orElseThrow(() -> new AssertionError("no budget scope " + scope));
        return new long[] {((Number) b.get("l")).longValue(), ((Number) b.get("a")).longValue(),
            ((Number) b.get("s")).longValue(), ((Number) b.get("u")).longValue()};
    }

    @AfterEach
    void closeBudgets() {
        budgets.forEach(BudgetPolicy::close);
    }

    /** The budget policy as DS would make it, with these settings over its defaults. */
    private BudgetPolicy budget(Map<String, String> settings) {
        BudgetConfig config = (BudgetConfig) Proxy.newProxyInstance(BudgetConfig.class.getClassLoader(),
                new Class<?>[] {BudgetConfig.class}, (proxy, method, args) -> {
                    String key = method.getName().replace('_', '.');
                    if (!settings.containsKey(key)) {
                        return method.getDefaultValue();
                    }
                    String value = settings.get(key);
                    return method.getReturnType() == String[].class ? new String[] {value}
                            : method.getReturnType() == int.class ? Integer.valueOf(value) : value;
                });
        BudgetPolicy policy = new BudgetPolicy(neo4j.store(), config);
        budgets.add(policy);
        return policy;
    }

    private FlowStatus awaitEnd(String flowId) throws InterruptedException {
        await("flow " + flowId + " ended", Duration.ofSeconds(60),
                () -> engine.find(flowId).map(f -> f.status().terminal()).orElse(false));
        return engine.find(flowId).orElseThrow().status();
    }
}
