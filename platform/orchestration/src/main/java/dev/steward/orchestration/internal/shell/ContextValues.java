package dev.steward.orchestration.internal.shell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads {@code key=value} context arguments as {@code steward:flow-start} reads its input: {@code true}/{@code false}
 * become booleans, numbers become numbers, a value in double quotes stays text as written, anything else is text.
 */
final class ContextValues {

    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    private ContextValues() {
    }

    static Map<String, Object> parse(List<String> pairs) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String pair : pairs == null ? List.<String>of() : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--context '" + pair + "' is not key=value");
            }
            fields.put(pair.substring(0, eq), value(pair.substring(eq + 1)));
        }
        return fields;
    }

    private static Object value(String text) {
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            return text.substring(1, text.length() - 1);
        }
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        if (!NUMBER.matcher(text).matches()) {
            return text;
        }
        try {
            return Long.valueOf(text);
        } catch (NumberFormatException e) {
            return Double.valueOf(text);
        }
    }
}
