package dev.steward.agent.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.steward.api.agent.AgentRequest;
import dev.steward.api.agent.AgentResult;
import dev.steward.api.flow.IdempotencyKey;
import dev.steward.api.flow.PermanentStepFailure;

class ReconcilerAgentTest {

    private final ReconcilerAgent agent = new ReconcilerAgent();

    private static Map<String, Object> line(String id, Object amount, String reference, String payer) {
        return Map.of("id", id, "amount", amount, "currency", "EUR", "reference", reference, "counterparty", payer);
    }

    private static Map<String, Object> invoice(String id, String number, Object amount, String client) {
        return Map.of("id", id, "number", number, "amount", amount, "currency", "eur", "client", client);
    }

    private AgentResult run(List<?> lines, List<?> invoices) throws PermanentStepFailure {
        return agent.execute(new AgentRequest(ReconcilerAgent.CAPABILITY, Map.of("lines", lines, "invoices", invoices),
                IdempotencyKey.of("f-1", "reconcile"), "f-1", "reconcile"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> matches(AgentResult r) {
        return (List<Map<String, Object>>) r.output().get("matches");
    }

    @Test
    void matchesByNumberAmountAndPayerAndFlagsTheRest() throws Exception {
        List<Map<String, Object>> invoices = List.of(
                invoice("i-1", "INV-2026-001", 1200, "ACME GmbH"),
                invoice("i-2", "INV-2026-002", "450.00", "Globex Ltd"),
                invoice("i-3", "INV-2026-003", 99.5, "Initech"),
                invoice("i-4", "INV-2026-004", 300, "Umbrella Corp"));
        List<Map<String, Object>> lines = List.of(
                line("l-1", "1200.00", "Payment inv 2026/001 thanks", "ACME"),
                line("l-2", 450, "transfer", "GLOBEX LTD"),
                line("l-3", 50, "INV-2026-003 part 1", "Initech"),
                line("l-4", 77, "unknown", "Someone else"));

        AgentResult r = run(lines, invoices);

        List<Map<String, Object>> m = matches(r);
        assertEquals(3, m.size(), m.toString());
        assertEquals(Map.of("l-1", "i-1", "l-2", "i-2", "l-3", "i-3"), Map.of(m.get(0).get("lineId"),
                m.get(0).get("invoiceId"), m.get(1).get("lineId"), m.get(1).get("invoiceId"), m.get(2).get("lineId"),
                m.get(2).get("invoiceId")));
        assertEquals("exact", m.get(0).get("kind"));
        assertEquals(1.0, m.get(0).get("score"), "number, amount and payer");
        assertEquals(0.4, m.get(1).get("score"), "no number in the reference: amount and payer");
        assertEquals("partial", m.get(2).get("kind"));
        assertEquals("-49.5", m.get(2).get("difference"));
        assertEquals(List.of(Map.of("lineId", "l-4", "reason", "no open invoice matches it well enough")),
                r.output().get("unmatchedLines"));
        assertEquals(List.of("i-4"), r.output().get("openInvoices"));
        assertEquals(0.4, r.confidence(), "the weakest match");
        assertTrue(r.rationale().startsWith("3 of 4 statement lines matched; 1 flagged"), r.rationale());
    }

    @Test
    void anAmountAloneIsNotEnoughAndTiesAreFlaggedNotGuessed() throws Exception {
        List<Map<String, Object>> invoices = List.of(
                invoice("i-1", "A-100", 500, "Hooli"),
                invoice("i-2", "A-101", 500, "Hooli"));
        AgentResult r = run(List.of(line("l-1", 500, "monthly fee", "Hooli Inc"), line("l-2", 500, "x", "Pied Piper")),
                invoices);
        assertEquals(List.of(), matches(r));
        assertEquals(List.of(Map.of("lineId", "l-1", "reason", "ambiguous: several open invoices match it equally"),
                Map.of("lineId", "l-2", "reason", "no open invoice matches it well enough")),
                r.output().get("unmatchedLines"));
        assertEquals(List.of("i-1", "i-2"), r.output().get("openInvoices"));
    }

    @Test
    void theSameInputInAnyOrderGivesTheSamePairs() throws Exception {
        List<Map<String, Object>> invoices = new ArrayList<>();
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            invoices.add(invoice("i-" + i, "N-" + (1000 + i), 100 + i, "Client " + i));
            lines.add(line("l-" + i, 100 + i, "ref N-" + (1000 + i), "Client " + i));
        }
        Map<Object, Object> expected = pairs(run(lines, invoices));
        assertEquals(30, expected.size());
        Collections.shuffle(lines, new java.util.Random(7));
        Collections.shuffle(invoices, new java.util.Random(11));
        assertEquals(expected, pairs(run(lines, invoices)));
    }

    private static Map<Object, Object> pairs(AgentResult r) {
        Map<Object, Object> out = new java.util.HashMap<>();
        matches(r).forEach(m -> out.put(m.get("lineId"), m.get("invoiceId")));
        return out;
    }

    @Test
    void aDifferentCurrencyNeverMatchesAndBadInputFailsPermanentlyNamingTheField() throws Exception {
        AgentResult r = run(List.of(Map.of("id", "l-1", "amount", 10, "currency", "USD", "reference", "INV-777")),
                List.of(invoice("i-1", "INV-777", 10, "X")));
        assertEquals(List.of(), matches(r));

        PermanentStepFailure f = assertThrows(PermanentStepFailure.class,
                () -> run(List.of(Map.of("id", "l-1", "amount", "ten")), List.of()));
        assertTrue(f.getMessage().contains("lines[0].amount must be a decimal amount"), f.getMessage());
        f = assertThrows(PermanentStepFailure.class, () -> run(List.of(Map.of("amount", 1)), List.of()));
        assertTrue(f.getMessage().contains("lines[0].id is required"), f.getMessage());
        f = assertThrows(PermanentStepFailure.class, () -> agent.execute(new AgentRequest(ReconcilerAgent.CAPABILITY,
                Map.of("lines", "none"), IdempotencyKey.of("f", "s"), "f", "s")));
        assertTrue(f.getMessage().contains("lines must be an array"), f.getMessage());
    }
}
