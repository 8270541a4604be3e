package dev.steward.policy.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.steward.api.policy.PolicyDecision;
import dev.steward.api.policy.PolicySubject;
import dev.steward.api.policy.Verdict;

class ApprovalGatePolicyTest {

    private static ApprovalGateConfig config(String[] capabilities, double above) {
        return config(capabilities, above, -1, new String[0]);
    }

    private static ApprovalGateConfig config(String[] capabilities, double above, double confidenceBelow, String[] agents) {
        return new ApprovalGateConfig() {
            @Override
            public double confidence_below() {
                return confidenceBelow;
            }

            @Override
            public String[] agents() {
                return agents;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return ApprovalGateConfig.class;
            }

            @Override
            public String[] capabilities() {
                return capabilities;
            }

            @Override
            public String amount_field() {
                return "amount";
            }

            @Override
            public double amount_above() {
                return above;
            }
        };
    }

    private static PolicyDecision judge(ApprovalGatePolicy gate, String capability, Map<String, Object> input) {
        return gate.evaluate(new PolicySubject(PolicySubject.Kind.STEP, "f", "s", capability, input, null));
    }

    @Test
    void chosenCapabilitiesAndPrefixesWaitAndTheRestIsAllowed() {
        ApprovalGatePolicy gate = new ApprovalGatePolicy(config(new String[] {"payment.send, mail.*"}, -1));
        assertEquals(Verdict.REQUIRE_APPROVAL, judge(gate, "payment.send", Map.of()).verdict());
        PolicyDecision mail = judge(gate, "mail.send", Map.of());
        assertEquals(Verdict.REQUIRE_APPROVAL, mail.verdict());
        assertEquals(List.of("capability mail.send always waits for a decision"), mail.reasons());
        assertEquals(Verdict.ALLOW, judge(gate, "payment.refund", Map.of("amount", 1_000_000)).verdict());
        assertEquals(Verdict.ALLOW, judge(gate, "mailbox.read", Map.of()).verdict(), "'mail.*' is not 'mail*'");
        assertEquals("approval-gate", judge(gate, "x", Map.of()).policyId());
    }

    @Test
    void stepsOfChosenAgentsAndStepsProposedByUnsureAgentsWait() {
        ApprovalGatePolicy gate = new ApprovalGatePolicy(config(new String[0], -1, 0.6, new String[] {"payer, mailer"}));
        PolicyDecision byAgent = gate.evaluate(new PolicySubject(PolicySubject.Kind.STEP, "f", "s", "x", Map.of(), null,
                "bill", "payer", null));
        assertEquals(List.of("steps of agent payer always wait for a decision"), byAgent.reasons());
        PolicyDecision unsure = gate.evaluate(new PolicySubject(PolicySubject.Kind.STEP, "f", "s", "x", Map.of(), null,
                "bill", "writer", 0.55));
        assertEquals(Verdict.REQUIRE_APPROVAL, unsure.verdict());
        assertEquals(List.of("the agents it depends on were only 0.55 confident, below 0.6"), unsure.reasons());
        assertEquals(Verdict.ALLOW, gate.evaluate(new PolicySubject(PolicySubject.Kind.STEP, "f", "s", "x", Map.of(), null,
                "bill", "writer", 0.6)).verdict(), "at the threshold is not below it");
        assertEquals(Verdict.ALLOW, gate.evaluate(new PolicySubject(PolicySubject.Kind.STEP, "f", "s", "x", Map.of(), null,
                "bill", "writer", null)).verdict(), "no stated confidence, nothing to judge");
        assertThrows(IllegalArgumentException.class, () -> new ApprovalGatePolicy(config(new String[0], -1, 1.5, new String[0])));
    }

    @Test
    void anAmountAboveTheLimitOrNotANumberWaits() {
        ApprovalGatePolicy gate = new ApprovalGatePolicy(config(new String[0], 100));
        assertEquals(Verdict.ALLOW, judge(gate, "pay", Map.of("amount", 100)).verdict());
        assertEquals(List.of("amount 100.5 is above 100.0"), judge(gate, "pay", Map.of("amount", 100.5)).reasons());
        assertEquals(Verdict.REQUIRE_APPROVAL, judge(gate, "pay", Map.of("amount", "lots")).verdict());
        assertEquals(Verdict.ALLOW, judge(gate, "pay", Map.of()).verdict(), "no amount, no limit to apply");
    }

    @Test
    void aMalformedCapabilityIsRefusedAtActivation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ApprovalGatePolicy(config(new String[] {"pay ment"}, -1)));
        assertEquals("etc/dev.steward.policy.approval.cfg: capability 'pay ment' must be a capability name, "
                + "or a prefix ending in '.*'", e.getMessage());
    }
}
