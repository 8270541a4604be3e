package dev.steward.agent.reconciler;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentRequest;
import dev.steward.api.agent.AgentResult;
import dev.steward.api.flow.PermanentStepFailure;
import dev.steward.spi.agent.Agent;

/**
 * Executor for capability {@value #CAPABILITY}: matches the credits of a bank statement to open invoices and flags
 * the rest (see {@link Matcher}). Deterministic, no model, nothing outside touched: its work is reversible.
 * Its confidence is the lowest score among its matches, so an approval gate can hold a doubtful reconciliation.
 */
@Component(service = Agent.class)
public final class ReconcilerAgent implements Agent {

    static final String CAPABILITY = "finance.reconcile";
    static final BigDecimal DEFAULT_TOLERANCE = new BigDecimal("0.01");

    private static final String LINE = """
            {"type":"object","required":["id","amount"],"properties":{"id":{"type":"string"},
             "amount":{"type":["number","string"]},"currency":{"type":"string"},"date":{"type":"string"},
             "reference":{"type":"string"},"counterparty":{"type":"string"}}}""";
    private static final String INVOICE = """
            {"type":"object","required":["id","amount"],"properties":{"id":{"type":"string"},
             "number":{"type":"string"},"amount":{"type":["number","string"]},"currency":{"type":"string"},
             "client":{"type":"string"},"dueDate":{"type":"string"}}}""";
    static final String INPUT_SCHEMA = "{\"type\":\"object\",\"required\":[\"lines\",\"invoices\"],\"properties\":{"
            + "\"lines\":{\"type\":\"array\",\"items\":" + LINE + "},"
            + "\"invoices\":{\"type\":\"array\",\"items\":" + INVOICE + "},"
            + "\"tolerance\":{\"type\":[\"number\",\"string\"]}}}";
    static final String OUTPUT_SCHEMA = """
            {"type":"object","required":["matches","unmatchedLines","openInvoices"],"properties":{
             "matches":{"type":"array","items":{"type":"object","properties":{"lineId":{"type":"string"},
               "invoiceId":{"type":"string"},"kind":{"type":"string","enum":["exact","partial","overpaid"]},
               "difference":{"type":"string"},"score":{"type":"number"},"reasons":{"type":"array"}}}},
             "unmatchedLines":{"type":"array","items":{"type":"object"}},
             "openInvoices":{"type":"array","items":{"type":"string"}}}}""";

    private static final AgentDescriptor DESCRIPTOR = new AgentDescriptor("reconciler", "1.0.0", List.of(CAPABILITY),
            INPUT_SCHEMA, OUTPUT_SCHEMA, AgentDescriptor.CostClass.LOW, true);

    @Override
    public AgentDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public AgentResult execute(AgentRequest request) throws PermanentStepFailure {
        Matcher.Result result;
        try {
            List<Statement.Line> lines = Statement.lines(request.input().get("lines"));
            List<Statement.Invoice> invoices = Statement.invoices(request.input().get("invoices"));
            result = new Matcher(tolerance(request.input().get("tolerance"))).match(lines, invoices);
        } catch (IllegalArgumentException e) {
            throw new PermanentStepFailure("Reconciliation input is not valid: " + e.getMessage());
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("matches", result.matches().stream().map(ReconcilerAgent::match).toList());
        output.put("unmatchedLines", result.unmatched().stream().map(l -> unmatched(l, result)).toList());
        output.put("openInvoices", result.open().stream().map(Statement.Invoice::id).toList());
        double confidence = result.matches().stream().mapToDouble(Matcher.Pair::score).min().orElse(1.0);
        String rationale = result.matches().size() + " of " + (result.matches().size() + result.unmatched().size())
                + " statement lines matched; " + result.unmatched().size() + " flagged ("
                + result.ambiguous().size() + " ambiguous); " + result.open().size() + " invoices still open";
        return new AgentResult(output, rationale, Math.min(1.0, confidence), BigDecimal.ZERO);
    }

    private static BigDecimal tolerance(Object value) {
        if (value == null) {
            return DEFAULT_TOLERANCE;
        }
        BigDecimal t = new Fields("input", Map.of("tolerance", value)).amount("tolerance");
        if (t.signum() < 0) {
            throw new IllegalArgumentException("tolerance must not be negative, was " + t);
        }
        return t;
    }

    private static Map<String, Object> match(Matcher.Pair p) {
        int cmp = p.line().amount().compareTo(p.invoice().amount());
        BigDecimal difference = p.line().amount().subtract(p.invoice().amount());
        boolean withinTolerance = p.reasons().stream().anyMatch(r -> r.startsWith("amount "));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lineId", p.line().id());
        m.put("invoiceId", p.invoice().id());
        m.put("kind", withinTolerance ? "exact" : cmp < 0 ? "partial" : "overpaid");
        m.put("difference", difference.toPlainString());
        m.put("score", p.score());
        m.put("reasons", p.reasons());
        return m;
    }

    private static Map<String, Object> unmatched(Statement.Line line, Matcher.Result result) {
        return Map.of("lineId", line.id(), "reason", result.ambiguous().contains(line.id())
                ? "ambiguous: several open invoices match it equally" : "no open invoice matches it well enough");
    }
}
