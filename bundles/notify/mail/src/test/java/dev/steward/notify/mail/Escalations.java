package dev.steward.notify.mail;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.steward.api.flow.Escalation;
import dev.steward.api.flow.RollbackPreview;
import dev.steward.api.flow.StepRun;
import dev.steward.api.flow.StepStatus;

/** Escalations as the kernel would report them, for the tests. */
final class Escalations {

    static final Instant HELD = Instant.parse("2026-11-30T08:15:00Z");

    private Escalations() {
    }

    static Escalation payment(String flowId) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("payee", "Zürich Supplies AG");
        input.put("amount", 1200.5);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("sku", "A-1");
        line.put("qty", 3);
        input.put("lines", List.of(line));
        List<StepRun> history = List.of(
                new StepRun("fetch-invoice", StepStatus.SUCCEEDED, 1, flowId + "/fetch-invoice", HELD.minusSeconds(60),
                        HELD.minusSeconds(59), "", Map.of("invoice", "INV-7"), "reader@1.0", new BigDecimal("0.02"),
                        "the invoice matches the order", 0.92),
                new StepRun("notify-payee", StepStatus.SUCCEEDED, 2, flowId + "/notify-payee", HELD.minusSeconds(30),
                        HELD.minusSeconds(29), "", Map.of()),
                new StepRun("pay", StepStatus.WAITING, 0, flowId + "/pay", HELD, null, "", Map.of()));
        RollbackPreview undo = new RollbackPreview(flowId, List.of(new RollbackPreview.Undo("fetch-invoice", "invoice.release")),
                List.of("notify-payee"));
        return new Escalation(flowId, "pay-invoice", 3, "pay", "payment.send", input,
                "approval-gate 1.0: amount 1200.5 is above 1000.0", HELD, HELD.plusSeconds(86_400), history, undo,
                "fetch-invoice (reader@1.0): the invoice matches the order", new BigDecimal("0.02"), new BigDecimal("0.10"),
                List.of("approve", "approve with edits", "reject", "reject and roll back"),
                "approve: the agent that proposed it was confident (0.92); check the proposed input", "reject");
    }
}
