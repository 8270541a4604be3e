package dev.steward.kernel.internal;

import static dev.steward.store.testing.EmbeddedTestStore.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentRequest;
import dev.steward.api.agent.AgentResult;
import dev.steward.api.flow.AuditEvent;
import dev.steward.api.flow.Escalation;
import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.InvalidFlowInputException;
import dev.steward.api.flow.RetryPolicy;
import dev.steward.api.flow.StepDefinition;
import dev.steward.api.flow.StepRun;
import dev.steward.api.policy.PolicyDecision;
import dev.steward.api.policy.PolicySubject;
import dev.steward.spi.agent.Agent;
import dev.steward.spi.policy.Policy;

/**
 * What the operator sees and can do about a held step: the agents' rationale and confidence, costs, choices and a
 * recommendation; reject with a rollback; an expiry that approves when so configured (real Neo4j).
 */
@Timeout(120)
class DecisionBundleIT extends EngineOnStore {

    /** An agent that proposes a payment: says why, how sure it is, and what the call cost. */
    private static Agent proposer(double confidence) {
        return new Agent() {
            @Override
            public AgentDescriptor descriptor() {
                return new AgentDescriptor("proposer", "3.0", List.of("propose"), null, null,
                        AgentDescriptor.CostClass.MEDIUM, true);
            }

            @Override
            public AgentResult execute(AgentRequest request) {
                return new AgentResult(Map.of("amount", 120), "invoice 42 is 30 days overdue", confidence,
                        new BigDecimal("0.02"));
            }
        };
    }

    private final ScriptedAgent pay = ScriptedAgent.echo("pay");
    private final ScriptedAgent undo = ScriptedAgent.echo("unpropose");
    private final List<PolicySubject> judged = new CopyOnWriteArrayList<>();

    /** propose (compensated by unpropose when {@code undoable}), then pay, which always needs the operator. */
    private void definePay(double confidence, boolean undoable) {
        engine.register(proposer(confidence));
        engine.register(pay);
        engine.register(undo);
        engine.define(new FlowDefinition("settle", 1, "", List.of(
                new StepDefinition("propose", "propose", Map.of(), List.of(), RetryPolicy.none(), Duration.ofSeconds(5),
                        undoable ? "unpropose" : null),
                new StepDefinition("pay", "pay", Map.of("amount", "steps.propose.amount"), List.of("propose"),
                        RetryPolicy.none(), Duration.ofSeconds(5), null))));
        engine.register(paymentsWait(), 0);
    }

    /** A policy that holds every payment for the operator, noting what it was asked. */
    private Policy paymentsWait() {
        return new Policy() {
            @Override
            public String id() {
                return "gate";
            }

            @Override
            public String version() {
                return "1";
            }

            @Override
            public PolicyDecision evaluate(PolicySubject subject) {
                judged.add(subject);
                return subject.capability().equals("pay") ? PolicyDecision.requireApproval("gate", "1", "payments wait")
                        : PolicyDecision.allow("gate", "1");
            }
        };
    }

    @Test
    void policiesSeeTheDefinitionAgentCostAndUpstreamConfidenceAndTheEscalationCarriesTheDecisionBundle()
            throws Exception {
        definePay(0.4, false);
        FlowInstance flow = engine.start("settle", Map.of());
        await("pay held", Duration.ofSeconds(30), () -> !engine.escalations().isEmpty());

        PolicySubject proposed = judged.get(0);
        assertEquals(List.of("settle", "proposer", new BigDecimal("0.01")),
                List.of(proposed.definitionId(), proposed.agentId(), proposed.estimatedCostUsd()),
                "a MEDIUM agent without an estimate costs cost.estimate.medium");
        assertEquals(null, proposed.confidence(), "nothing upstream of the first step");
        PolicySubject payment = judged.get(1);
        assertEquals(List.of("test-pay", 0.4, BigDecimal.ZERO), List.of(payment.agentId(), payment.confidence(),
                payment.estimatedCostUsd()));

        StepRun ran = engine.steps(flow.id()).get(0);
        assertEquals(List.of("proposer@3.0", new BigDecimal("0.02"), "invoice 42 is 30 days overdue", 0.4),
                List.of(ran.agent(), ran.costUsd(), ran.rationale(), ran.confidence()), "the journal keeps the agent's report");

        Escalation e = engine.escalations().get(0);
        assertEquals("propose (proposer@3.0): invoice 42 is 30 days overdue", e.rationale());
        assertEquals(new BigDecimal("0.02"), e.costSoFarUsd());
        assertEquals(List.of("approve", "approve with edits", "reject"), e.choices(), "nothing to roll back: no such choice");
        assertEquals("reject: the agent that proposed it was unsure (confidence 0.4)", e.recommended());
        assertEquals("reject", e.onExpiry());
        assertEquals(Map.of("amount", 120), e.proposedInput());
    }

    @Test
    void rejectAndRollBackFailsTheStepAndCompensatesTheFlowAudited() throws Exception {
        definePay(0.9, true);
        List<String> heard = new CopyOnWriteArrayList<>();
        engine.addFlowListener(heard::add);
        FlowInstance flow = engine.start("settle", Map.of());
        await("pay held", Duration.ofSeconds(30), () -> !engine.escalations().isEmpty());
        Escalation e = engine.escalations().get(0);
        assertEquals(List.of("approve", "approve with edits", "reject", "reject and roll back"), e.choices());
        assertTrue(e.recommended().startsWith("approve: the agent that proposed it was confident (0.9)"), e.recommended());

        engine.rejectAndRollBack(flow.id(), "pay", "wrong client", "olivia");
        await("rolled back", Duration.ofSeconds(30),
                () -> engine.find(flow.id()).orElseThrow().status() == FlowStatus.COMPENSATED);
        assertTrue(pay.calls.isEmpty());
        assertEquals(1, undo.calls.size(), "the proposal is undone once");
        assertEquals("rejected: wrong client", engine.steps(flow.id()).stream().filter(s -> s.stepId().equals("pay"))
                .findFirst().orElseThrow().error());
        AuditEvent started = engine.audit(flow.id()).stream().filter(a -> a.type().equals("ROLLBACK_STARTED"))
                .findFirst().orElseThrow();
        assertEquals("step pay rejected with a rollback: wrong client", started.detail());
        await("flow listeners told of the rollback", Duration.ofSeconds(10), () -> heard.equals(List.of(flow.id())));
        assertTrue(engine.audit(flow.id()).stream().anyMatch(a -> "olivia".equals(a.actor())), "who decided is audited");
    }

    @Test
    void anEditThatBreaksThePayingAgentsInputSchemaIsRefusedAndTheStepStaysHeld() throws Exception {
        engine.register(proposer(0.9));
        ScriptedAgent strictPay = new ScriptedAgent("pay", (request, call) -> Map.of()) {
            @Override
            public AgentDescriptor descriptor() {
                return new AgentDescriptor("strict-pay", "1.0", List.of("pay"),
                        "{\"type\":\"object\",\"properties\":{\"amount\":{\"type\":\"number\"}}}", null,
                        AgentDescriptor.CostClass.LOW, false);
            }
        };
        engine.register(strictPay);
        engine.define(new FlowDefinition("settle", 1, "", List.of(
                new StepDefinition("propose", "propose", Map.of(), List.of(), RetryPolicy.none(), Duration.ofSeconds(5), null),
                new StepDefinition("pay", "pay", Map.of("amount", "steps.propose.amount"), List.of("propose"),
                        RetryPolicy.none(), Duration.ofSeconds(5), null))));
        engine.register(paymentsWait(), 0);
        FlowInstance flow = engine.start("settle", Map.of());
        await("pay held", Duration.ofSeconds(30), () -> !engine.escalations().isEmpty());

        InvalidFlowInputException e = assertThrows(InvalidFlowInputException.class,
                () -> engine.approve(flow.id(), "pay", Map.of("amount", "a lot"), "olivia"));
        assertEquals("input field 'amount' must be of type number, was the text 'a lot'", e.getMessage());
        assertEquals(1, engine.escalations().size(), "a refused edit decides nothing");
        engine.approve(flow.id(), "pay", Map.of("amount", 100), "olivia");
        await("paid", Duration.ofSeconds(30), () -> engine.find(flow.id()).orElseThrow().status() == FlowStatus.COMPLETED);
        assertEquals(Map.of("amount", 100), strictPay.calls.get(0).input());
    }

    @Test
    void anEscalationExpiresToApprovalWhenSoConfigured() throws Exception {
        engine.deactivate();
        engine = new FlowEngine(neo4j.store(), KernelSettings.defaults("node-a")
                .withApprovals(Duration.ofSeconds(1), true));
        definePay(0.9, false);
        FlowInstance flow = engine.start("settle", Map.of());
        await("pay held", Duration.ofSeconds(30), () -> !engine.escalations().isEmpty());
        assertEquals("approve", engine.escalations().get(0).onExpiry());

        await("approved at the deadline", Duration.ofSeconds(30),
                () -> engine.find(flow.id()).orElseThrow().status() == FlowStatus.COMPLETED);
        assertEquals(List.of(Map.of("amount", 120)), pay.calls.stream().map(AgentRequest::input).toList());
    }
}
