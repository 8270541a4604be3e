package dev.steward.agent.reconciler;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The two sides of a reconciliation, read from the agent's input. */
final class Statement {

    /** A credit on the bank statement. */
    record Line(int index, String id, BigDecimal amount, String currency, String reference, Set<String> payer) { }

    /** An invoice still open. */
    record Invoice(int index, String id, String number, BigDecimal amount, String currency, Set<String> client) { }

    private Statement() {
    }

    static List<Line> lines(Object value) {
        List<Line> out = new ArrayList<>();
        for (Object item : list("lines", value)) {
            Fields f = new Fields("lines[" + out.size() + "]", item);
            out.add(new Line(out.size(), f.text("id", true), f.amount("amount"), f.currency(), f.text("reference", false),
                    words(f.text("counterparty", false))));
        }
        return out;
    }

    static List<Invoice> invoices(Object value) {
        List<Invoice> out = new ArrayList<>();
        for (Object item : list("invoices", value)) {
            Fields f = new Fields("invoices[" + out.size() + "]", item);
            out.add(new Invoice(out.size(), f.text("id", true), f.text("number", false), f.amount("amount"),
                    f.currency(), words(f.text("client", false))));
        }
        return out;
    }

    private static List<?> list(String field, Object value) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(field + " must be an array");
        }
        return list;
    }

    /** The distinctive words of a name: lower case, without legal forms and one-letter words. */
    static Set<String> words(String name) {
        Set<String> out = new HashSet<>(Arrays.asList(name.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")));
        out.removeIf(w -> w.length() < 2 || LEGAL_FORMS.contains(w));
        return out;
    }

    private static final Set<String> LEGAL_FORMS = Set.of("ltd", "llc", "inc", "gmbh", "ag", "sa", "sarl", "bv", "plc",
            "co", "corp", "kg", "srl", "the");
}
