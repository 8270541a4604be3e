package dev.steward.kernel.internal;

import static dev.steward.store.testing.EmbeddedTestStore.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Timeout;

import dev.steward.api.flow.Escalation;
import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.RetryPolicy;
import dev.steward.api.flow.StepDefinition;
import dev.steward.api.policy.PolicyDecision;
import dev.steward.api.policy.PolicySubject;
import dev.steward.spi.policy.Policy;
import dev.steward.spi.store.Statement;

/** Policies judge every step before it runs; their decisions are journaled beside the step (real Neo4j). */
@Timeout(120)
class PolicyGateIT extends EngineOnStore {

    private final ScriptedAgent note = ScriptedAgent.echo("note");
    private final ScriptedAgent pay = ScriptedAgent.echo("pay");

    /** A two-step flow: a note, then a payment of the flow's amount to its recipient. */
    private void defineNoteThenPay() {
        engine.register(note);
        engine.register(pay);
        engine.define(new FlowDefinition("bill", 1, "", List.of(
                new StepDefinition("note", "note", Map.of(), List.of(), RetryPolicy.none(), Duration.ofSeconds(5), null),
                new StepDefinition("pay", "pay", Map.of("to", "input.to", "amount", "input.amount"), List.of("note"),
                        RetryPolicy.none(), Duration.ofSeconds(5), null))));
    }

    @Test
    void aDeniedStepDoesNotRunAndFailsTheFlowWithThePolicysReasonJournaledBesideIt() throws Exception {
        defineNoteThenPay();
        engine.register(policy("budget", s -> s.capability().equals("pay")
                ? PolicyDecision.deny("budget", "1", "over the daily limit") : PolicyDecision.allow("budget", "1")), 0);
        FlowInstance flow = engine.start("bill", Map.of("to", "acme", "amount", 900));

        assertEquals(FlowStatus.FAILED, awaitEnd(flow.id()));
        assertEquals(1, note.calls.size());
        assertTrue(pay.calls.isEmpty(), "the denied step's agent is never called");
        Map<String, Object> paid = stepRun(flow.id(), "pay");
        assertEquals("FAILED", paid.get("status"));
        assertEquals("denied by policy budget 1: over the daily limit", paid.get("error"));
        assertEquals(0L, ((Number) paid.get("attempts")).longValue());
        assertEquals(List.of(Map.of("policy", "budget", "version", "1", "verdict", "DENY",
                "reasons", List.of("over the daily limit"), "changed", List.of())), Json.readList(paid.get("policyDecisions")));
        assertEquals("ALLOW", Json.readList(stepRun(flow.id(), "note").get("policyDecisions")).get(0).get("verdict"));
    }

    @Test
    void allowWithChangesRunsTheStepOnTheChangedInput() throws Exception {
        defineNoteThenPay();
        engine.register(policy("pii", s -> s.capability().equals("pay")
                ? PolicyDecision.allowWithChanges("pii", "2", Map.of("to", "acme-billing"), "payments go to the billing account")
                : PolicyDecision.allow("pii", "2")), 0);
        FlowInstance flow = engine.start("bill", Map.of("to", "acme", "amount", 12));

        assertEquals(FlowStatus.COMPLETED, awaitEnd(flow.id()));
        assertEquals(Map.of("to", "acme-billing", "amount", 12), pay.calls.get(0).input());
        assertEquals(List.of("to"), Json.readList(stepRun(flow.id(), "pay").get("policyDecisions")).get(0).get("changed"));
    }

    @Test
    void denyWinsWhateverTheRankingAndAPolicyThatThrowsIsADenialWithItsErrorWhileTheKernelRunsOn() throws Exception {
        defineNoteThenPay();
        engine.register(policy("open", s -> PolicyDecision.allow("open", "1")), 100);
        Policy broken = policy("broken", s -> {
            throw new IllegalStateException("rules file unreadable");
        });
        engine.register(broken, 5);
        FlowInstance denied = engine.start("bill", Map.of("to", "acme", "amount", 1));

        assertEquals(FlowStatus.FAILED, awaitEnd(denied.id()));
        assertTrue(note.calls.isEmpty());
        Map<String, Object> step = stepRun(denied.id(), "note");
        assertEquals("denied by policy broken 1: the policy failed: java.lang.IllegalStateException: rules file unreadable",
                step.get("error"));
        List<Map<String, Object>> decisions = Json.readList(step.get("policyDecisions"));
        assertEquals(List.of("open", "broken"), decisions.stream().map(d -> d.get("policy")).toList(), "highest ranking first");

        engine.unregister(broken);
        assertEquals(FlowStatus.COMPLETED, awaitEnd(engine.start("bill", Map.of("to", "acme", "amount", 1)).id()));
    }

    @Test
    void aPolicyAddedWhileAFlowRunsJudgesOnlyTheStepsThatStartAfterIt() throws Exception {
        CountDownLatch inNote = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        defineBlockingNoteThenPay(inNote, release);
        FlowInstance flow = engine.start("bill", Map.of());
        assertTrue(inNote.await(30, TimeUnit.SECONDS));

        engine.register(policy("freeze", s -> PolicyDecision.deny("freeze", "1", "payments frozen")), 0);
        release.countDown();

        assertEquals(FlowStatus.FAILED, awaitEnd(flow.id()));
        Map<String, Object> noted = stepRun(flow.id(), "note");
        assertEquals("SUCCEEDED", noted.get("status"), "the step that was running when the policy came is not judged again");
        assertFalse(noted.containsKey("policyDecisions"));
        assertEquals("denied by policy freeze 1: payments frozen", stepRun(flow.id(), "pay").get("error"));
    }

    /** A note that signals {@code inNote} and runs until {@code release}, then a payment with no input mapping. */
    private void defineBlockingNoteThenPay(CountDownLatch inNote, CountDownLatch release) {
        engine.register(new ScriptedAgent("note", (request, call) -> {
            inNote.countDown();
            release.await(30, TimeUnit.SECONDS);
            return Map.of();
        }));
        engine.register(pay);
        engine.define(new FlowDefinition("bill", 1, "", List.of(
                new StepDefinition("note", "note", Map.of(), List.of(), RetryPolicy.none(), Duration.ofSeconds(30), null),
                new StepDefinition("pay", "pay", Map.of(), List.of("note"), RetryPolicy.none(), Duration.ofSeconds(5), null))));
    }

    private static final Policy PAYMENTS_NEED_APPROVAL = policy("gate", s -> s.capability().equals("pay")
            ? PolicyDecision.requireApproval("gate", "1", "payments need the operator") : PolicyDecision.allow("gate", "1"));

    @Test
    void aStepSentForApprovalWaitsWithoutRunningAndRunsOnTheApprovedEditedInput() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        engine.addMeterRegistry(meters);
        defineNoteThenPay();
        engine.register(PAYMENTS_NEED_APPROVAL, 0);
        FlowInstance flow = engine.start("bill", Map.of("to", "acme", "amount", 5));

        awaitStatus(flow.id(), FlowStatus.WAITING);
        Map<String, Object> held = stepRun(flow.id(), "pay");
        assertEquals("WAITING", held.get("status"));
        assertEquals("approval:pay", held.get("signal"));
        assertEquals(Map.of("capability", "pay", "input", Map.of("to", "acme", "amount", 5),
                "reasons", "gate 1: payments need the operator", "estimatedCostUsd", "0", "onExpiry", "reject"),
                Json.read(held.get("approvalRequest")));
        assertTrue(pay.calls.isEmpty(), "nothing runs before the decision");

        engine.signal(flow.id(), "approval:pay", Map.of("decision", "approve", "input.to", "acme-billing"), "operator");
        assertEquals(FlowStatus.COMPLETED, awaitEnd(flow.id()));
        assertEquals(List.of(Map.of("to", "acme-billing", "amount", 5)), pay.calls.stream().map(c -> c.input()).toList());
        Map<String, Object> paid = stepRun(flow.id(), "pay");
        assertEquals("SUCCEEDED", paid.get("status"));
        assertEquals("pay", neo4j.store().read(new Statement("MATCH (:FlowInstance {id: $f})-[:HAS_SIGNAL]->(g:Signal) "
                + "RETURN g.consumedBy AS used", Map.of("f", flow.id()))).get(0).get("used"), "the decision is used up");
        assertEquals(1, meters.get("steward.approval.decision").tag("outcome", "approved").timer().count(),
                "the time to the decision is measured");
    }

    @Test
    void anEscalationShowsWhatTheDecisionNeedsAndADecisionIsRefusedWhenNothingWaitsForIt() throws Exception {
        defineNoteThenPay();
        engine.register(PAYMENTS_NEED_APPROVAL, 0);
        FlowInstance flow = engine.start("bill", Map.of("to", "acme", "amount", 5));
        awaitStatus(flow.id(), FlowStatus.WAITING);

        List<Escalation> open = engine.escalations();
        assertEquals(1, open.size());
        Escalation e = open.get(0);
        assertEquals(List.of(flow.id(), "bill", 1, "pay", "pay", Map.of("to", "acme", "amount", 5),
                "gate 1: payments need the operator"), List.of(e.flowId(), e.definitionId(), e.definitionVersion(),
                e.stepId(), e.capability(), e.proposedInput(), e.reasons()));
        assertTrue(e.deadline().isAfter(e.heldSince().plus(Duration.ofHours(23))), "the default hold is a day");
        assertEquals(List.of("note:SUCCEEDED", "pay:WAITING"), e.history().stream().map(s -> s.stepId() + ":" + s.status()).toList());
        assertEquals(List.of("note"), e.undo().irreversible());

        assertThrows(IllegalArgumentException.class, () -> engine.approve("no-such-flow", "pay", null, "operator"));
        assertThrows(IllegalStateException.class, () -> engine.approve(flow.id(), "note", null, "operator"),
                "a step that is not held cannot be approved");
        engine.approve(flow.id(), "pay", Map.of("amount", 4), "operator");
        assertThrows(IllegalStateException.class, () -> engine.reject(flow.id(), "pay", "too late", "operator"),
                "a decided step cannot be decided again");
        assertEquals(FlowStatus.COMPLETED, awaitEnd(flow.id()));
        assertEquals(Map.of("to", "acme", "amount", 4), pay.calls.get(0).input());
        assertTrue(engine.escalations().isEmpty());
        assertTrue(engine.audit(flow.id()).stream().anyMatch(a -> "operator".equals(a.actor())), "the decision is audited");
    }

    @Test
    void aRejectedStepFailsTheFlowWithTheReasonAndAMalformedDecisionIsIgnored() throws Exception {
        defineNoteThenPay();
        engine.register(PAYMENTS_NEED_APPROVAL, 0);
        FlowInstance flow = engine.start("bill", Map.of("to", "acme", "amount", 5));
        awaitStatus(flow.id(), FlowStatus.WAITING);

        engine.signal(flow.id(), "approval:pay", Map.of("decision", "maybe"), "operator");
        Thread.sleep(300);
        assertEquals(FlowStatus.WAITING, engine.find(flow.id()).orElseThrow().status(), "a malformed decision decides nothing");

        engine.signal(flow.id(), "approval:pay", Map.of("decision", "reject", "reason", "not this month"), "operator");
        assertEquals(FlowStatus.FAILED, awaitEnd(flow.id()));
        assertTrue(pay.calls.isEmpty());
        assertEquals("rejected: not this month", stepRun(flow.id(), "pay").get("error"));
    }

    @Test
    void anApprovalSentBeforeTheStepIsHeldCountsAndOneNeverSentExpires() throws Exception {
        CountDownLatch inNote = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        engine.deactivate();
        engine = new FlowEngine(neo4j.store(), new KernelSettings(4, 256, 2, BREAKER_FAILURES, Duration.ofMillis(500),
                "node-a", Duration.ofSeconds(3), Duration.ofSeconds(2)));
        defineBlockingNoteThenPay(inNote, release);
        engine.register(PAYMENTS_NEED_APPROVAL, 0);
        FlowInstance early = engine.start("bill", Map.of("n", 1));
        assertTrue(inNote.await(30, TimeUnit.SECONDS));
        engine.signal(early.id(), "approval:pay", Map.of("decision", "approve"), "operator");
        FlowInstance never = engine.start("bill", Map.of("n", 2));
        release.countDown();

        assertEquals(FlowStatus.COMPLETED, awaitEnd(early.id()));
        assertEquals(FlowStatus.FAILED, awaitEnd(never.id()));
        assertTrue(stepRun(never.id(), "pay").get("error").toString().startsWith("no approval before "));
        assertEquals(1, pay.calls.size());
    }

    @Test
    void aHeldStepStaysHeldAcrossARestartEvenBeforeItsPolicyIsBackAndRunsOnceApproved() throws Exception {
        defineNoteThenPay();
        engine.register(PAYMENTS_NEED_APPROVAL, 0);
        FlowInstance flow = engine.start("bill", Map.of("to", "acme", "amount", 5));
        awaitStatus(flow.id(), FlowStatus.WAITING);
        String deadline = (String) stepRun(flow.id(), "pay").get("deadline");
        engine.deactivate();

        engine = newEngine(); // no policy registered yet: the journaled hold alone keeps the step from running
        defineNoteThenPay();
        await("the restarted engine holds the flow", Duration.ofSeconds(30),
                () -> "1".equals(engine.health().details().get("waits")));
        Thread.sleep(500);
        assertTrue(pay.calls.isEmpty(), "a held step does not run without its decision");
        assertEquals(FlowStatus.WAITING, engine.find(flow.id()).orElseThrow().status());
        assertEquals(deadline, stepRun(flow.id(), "pay").get("deadline"), "the hold keeps its deadline");

        engine.signal(flow.id(), "approval:pay", Map.of("decision", "approve"), "operator");
        assertEquals(FlowStatus.COMPLETED, awaitEnd(flow.id()));
        assertEquals(1, pay.calls.size());
        assertEquals(1, note.calls.size(), "the note that ran before the restart is not run again");
    }

    private void awaitStatus(String flowId, FlowStatus status) throws InterruptedException {
        await("flow " + flowId + " " + status, Duration.ofSeconds(60),
                () -> engine.find(flowId).map(f -> f.status() == status).orElse(false));
    }

    private FlowStatus awaitEnd(String flowId) throws InterruptedException {
        await("flow " + flowId + " ended", Duration.ofSeconds(60),
                () -> engine.find(flowId).map(f -> f.status().terminal()).orElse(false));
        return engine.find(flowId).orElseThrow().status();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stepRun(String flowId, String stepId) {
        return neo4j.store().read(new Statement("MATCH (:FlowInstance {id: $f})-[:HAS_STEP]->(s:StepRun {stepId: $s}) "
                + "RETURN s", Map.of("f", flowId, "s", stepId))).stream().map(r -> (Map<String, Object>) r.get("s"))
                .findFirst().orElseThrow(() -> new AssertionError("no journaled step " + stepId));
    }

    private static Policy policy(String id, Function<PolicySubject, PolicyDecision> rule) {
        return new Policy() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String version() {
                return "1";
            }

            @Override
            public PolicyDecision evaluate(PolicySubject subject) {
                return rule.apply(subject);
            }
        };
    }
}
