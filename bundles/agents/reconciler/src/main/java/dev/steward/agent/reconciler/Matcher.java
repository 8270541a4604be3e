package dev.steward.agent.reconciler;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Scores every pair of a statement line and an open invoice, then assigns the best pairs first, each line and each
 * invoice at most once. The order is total (score, then line, then invoice), so the same input always gives the same
 * result. A line whose best score ties with another invoice's is flagged as ambiguous rather than guessed.
 */
final class Matcher {

    /** The invoice number appears in the payment reference. */
    static final double NUMBER = 0.6;
    /** The amount is the invoice's, within the tolerance. */
    static final double AMOUNT = 0.3;
    /** The payer's name shares most distinctive words with the client's. */
    static final double PAYER = 0.1;
    /** The least score that makes a match: the number alone, or the amount and the payer together. */
    static final double ENOUGH = 0.4;

    record Pair(Statement.Line line, Statement.Invoice invoice, double score, List<String> reasons) { }

    record Result(List<Pair> matches, List<Statement.Line> unmatched, List<String> ambiguous,
            List<Statement.Invoice> open) { }

    private final BigDecimal tolerance;

    Matcher(BigDecimal tolerance) {
        this.tolerance = tolerance;
    }

    Result match(List<Statement.Line> lines, List<Statement.Invoice> invoices) {
        List<Pair> pairs = new ArrayList<>();
        for (Statement.Line line : lines) {
            for (Statement.Invoice invoice : invoices) {
                Pair p = score(line, invoice);
                if (p.score() >= ENOUGH) {
                    pairs.add(p);
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::score).reversed()
                .thenComparingInt(p -> p.line().index()).thenComparingInt(p -> p.invoice().index()));
        Set<String> usedLines = new HashSet<>();
        Set<String> usedInvoices = new HashSet<>();
        Set<String> ambiguous = new HashSet<>();
        List<Pair> matches = new ArrayList<>();
        for (Pair p : pairs) {
            if (usedLines.contains(p.line().id()) || usedInvoices.contains(p.invoice().id())
                    || ambiguous.contains(p.line().id())) {
                continue;
            }
            if (tied(p, pairs, usedInvoices)) {
                ambiguous.add(p.line().id());
                continue;
            }
            matches.add(p);
            usedLines.add(p.line().id());
            usedInvoices.add(p.invoice().id());
        }
        matches.sort(Comparator.comparingInt(p -> p.line().index()));
        List<Statement.Line> unmatched = lines.stream().filter(l -> !usedLines.contains(l.id())).toList();
        List<Statement.Invoice> open = invoices.stream().filter(i -> !usedInvoices.contains(i.id())).toList();
        return new Result(matches, unmatched, List.copyOf(ambiguous), open);
    }

    /** Whether another free invoice scores the same for this line. */
    private static boolean tied(Pair p, List<Pair> pairs, Set<String> usedInvoices) {
        return pairs.stream().anyMatch(o -> o != p && o.line().id().equals(p.line().id()) && o.score() == p.score()
                && !usedInvoices.contains(o.invoice().id()));
    }

    Pair score(Statement.Line line, Statement.Invoice invoice) {
        List<String> reasons = new ArrayList<>();
        if (!line.currency().isEmpty() && !invoice.currency().isEmpty() && !line.currency().equals(invoice.currency())) {
            return new Pair(line, invoice, 0, List.of("currency differs"));
        }
        double score = 0;
        String number = Fields.compact(invoice.number());
        if (number.length() >= 3 && Fields.compact(line.reference()).contains(number)) {
            score += NUMBER;
            reasons.add("reference names invoice " + invoice.number());
        }
        if (line.amount().subtract(invoice.amount()).abs().compareTo(tolerance) <= 0) {
            score += AMOUNT;
            reasons.add("amount " + invoice.amount().toPlainString() + " matches");
        }
        if (samePayer(line.payer(), invoice.client())) {
            score += PAYER;
            reasons.add("payer is the client");
        }
        return new Pair(line, invoice, Math.round(score * 100) / 100.0, reasons);
    }

    private static boolean samePayer(Set<String> payer, Set<String> client) {
        if (payer.isEmpty() || client.isEmpty()) {
            return false;
        }
        long shared = payer.stream().filter(client::contains).count();
        return shared * 2 >= Math.max(payer.size(), client.size());
    }
}
