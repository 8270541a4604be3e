package dev.steward.notify.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.steward.api.flow.Escalation;
import dev.steward.api.flow.RollbackPreview;

class EscalationMailTest {

    private final Escalation payment = Escalations.payment("f-42");

    @Test
    void subjectNamesCapabilityDefinitionFlowAndStep() {
        assertEquals("[Steward] Approval needed: payment.send in pay-invoice (f-42/pay)", EscalationMail.subject(payment));
    }

    @Test
    void keyAndMessageIdAreDerivedFromFlowAndStep() {
        assertEquals("escalation:f-42/pay", EscalationMail.idempotencyKey(payment));
        assertEquals("<escalation.f-42.pay@steward>", EscalationMail.messageId(payment));
        assertEquals(EscalationMail.messageId(payment), EscalationMail.messageId(Escalations.payment("f-42")), "deterministic");
    }

    @Test
    void messageIdsStayValidAndDistinctForAnyIds() {
        Escalation odd = withIds("a.b", "c d@e>");
        assertEquals("<escalation.a=2Eb.c=20d=40e=3E@steward>", EscalationMail.messageId(odd));
        // "a.b"/"c" and "a"/"b.c" would collide if dots were kept
        assertNotEquals(EscalationMail.messageId(withIds("a.b", "c")), EscalationMail.messageId(withIds("a", "b.c")));
        assertEquals("<escalation.Z=C3=BCrich.s@steward>", EscalationMail.messageId(withIds("Zürich", "s")));
    }

    @Test
    void bodyCarriesTheDecisionBundle() {
        String body = EscalationMail.body(payment);
        assertTrue(body.contains("Flow:        f-42 (pay-invoice v3)\n"), body);
        assertTrue(body.contains("Capability:  payment.send\n"), body);
        assertTrue(body.contains("Held since:  2026-11-30T08:15:00Z\n"), body);
        assertTrue(body.contains("Deadline:    2026-12-01T08:15:00Z"), body);
        assertTrue(body.contains("Why it was held\n  approval-gate 1.0: amount 1200.5 is above 1000.0\n"), body);
        assertTrue(body.contains("Cost:        0.02 USD so far; 0.10 USD reserved for this step\n"), body);
        assertTrue(body.contains("Why the agents proposed it\n  fetch-invoice (reader@1.0): the invoice matches the order\n"), body);
        assertTrue(body.contains("Recommended\n  approve: the agent that proposed it was confident (0.92); check the proposed input\n"
                + "  (choices: approve, approve with edits, reject, reject and roll back)\n"), body);
        assertTrue(body.contains("steward:reject --rollback f-42 pay <reason>"), body);
        assertTrue(body.contains("""
                Proposed input (what the step runs with when approved as it is)
                  {
                    "payee" : "Zürich Supplies AG",
                    "amount" : 1200.5,
                    "lines" : [ {
                      "sku" : "A-1",
                      "qty" : 3
                    } ]
                  }
                """), body);
        assertTrue(body.contains("""
                The flow so far
                  fetch-invoice  SUCCEEDED  by reader@1.0
                  notify-payee  SUCCEEDED
                  pay  WAITING
                """), body);
        assertTrue(body.contains("""
                  would undo fetch-invoice by invoice.release
                  cannot undo notify-payee (no compensation)
                """), body);
        assertTrue(body.contains("  steward:approve f-42 pay\n"), body);
        assertTrue(body.contains("  steward:reject f-42 pay <reason>\n"), body);
        assertTrue(body.contains("  POST /steward/api/v1/flows/f-42/steps/pay/approve"), body);
        assertTrue(body.contains("  POST /steward/api/v1/flows/f-42/steps/pay/reject"), body);
    }

    @Test
    void bodyOfABareEscalationSaysWhatIsMissing() {
        Escalation bare = new Escalation("f-1", "d", 1, "s", null, null, null, Escalations.HELD, Escalations.HELD.plusSeconds(60),
                null, null);
        String body = EscalationMail.body(bare);
        assertTrue(body.contains("(no reason given)"), body);
        assertTrue(body.contains("Proposed input (what the step runs with when approved as it is)\n  { }\n"), body);
        assertTrue(body.contains("(no step journaled yet)"), body);
        assertTrue(body.contains("What a rollback of the flow could undo now\n  (not known)\n"), body);
        Escalation nothingDone = new Escalation("f-1", "d", 1, "s", "c", Map.of(), "r", Escalations.HELD,
                Escalations.HELD.plusSeconds(60), List.of(), new RollbackPreview("f-1", List.of(), List.of()));
        assertTrue(EscalationMail.body(nothingDone).contains("nothing has been done that could be undone"));
    }

    private static Escalation withIds(String flowId, String stepId) {
        return new Escalation(flowId, "d", 1, stepId, "c", Map.of(), "r", Escalations.HELD, Escalations.HELD.plusSeconds(60),
                List.of(), null);
    }
}
