package dev.steward.agent.reconciler;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/** Reading the fields of one input item: text, amounts (numbers or decimal strings) and normalized words. */
final class Fields {

    private final String what;
    private final Map<?, ?> item;

    Fields(String what, Object item) {
        if (!(item instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(what + " must be an object");
        }
        this.what = what;
        this.item = map;
    }

    String text(String field, boolean required) {
        Object v = item.get(field);
        if (v == null || v.toString().isBlank()) {
            if (required) {
                throw new IllegalArgumentException(what + "." + field + " is required");
            }
            return "";
        }
        return v.toString().strip();
    }

    BigDecimal amount(String field) {
        Object v = item.get(field);
        try {
            if (v instanceof Number || v instanceof String) {
                return new BigDecimal(v.toString().strip());
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + "." + field + " must be a decimal amount, was " + v);
    }

    String currency() {
        return text("currency", false).toUpperCase(Locale.ROOT);
    }

    /** Letters and digits only, upper case: how references and invoice numbers are compared. */
    static String compact(String text) {
        return text.toUpperCase(Locale.ROOT).replaceAll("[^\\p{Alnum}]", "");
    }
}
