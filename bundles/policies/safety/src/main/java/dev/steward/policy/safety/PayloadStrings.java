package dev.steward.policy.safety;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * Walks the string values of a payload value, however deep in maps and lists, naming each by its path
 * ({@code body}, {@code headers.subject}, {@code attachments[0].text}). Payloads are trees (they come from JSON);
 * nesting deeper than {@link #MAX_DEPTH} is refused rather than followed.
 */
final class PayloadStrings {

    static final int MAX_DEPTH = 64;

    private PayloadStrings() {
    }

    /** Calls the visitor with the path and text of every string in the value. */
    static void visit(String path, Object value, BiConsumer<String, String> visitor) {
        visit(path, value, visitor, 0);
    }

    /** A copy of the value with every string in it replaced by what the function makes of it. */
    static Object map(Object value, UnaryOperator<String> function) {
        return map(value, function, 0);
    }

    private static void visit(String path, Object value, BiConsumer<String, String> visitor, int depth) {
        if (value instanceof CharSequence text) {
            visitor.accept(path, text.toString());
        } else if (value instanceof Map<?, ?> map) {
            deeper(path, depth);
            map.forEach((k, v) -> visit(path + "." + k, v, visitor, depth + 1));
        } else if (value instanceof Collection<?> list) {
            deeper(path, depth);
            int i = 0;
            for (Object v : list) {
                visit(path + "[" + i++ + "]", v, visitor, depth + 1);
            }
        }
    }

    private static Object map(Object value, UnaryOperator<String> function, int depth) {
        if (value instanceof CharSequence text) {
            return function.apply(text.toString());
        } else if (value instanceof Map<?, ?> map) {
            deeper("a field", depth);
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, map(v, function, depth + 1)));
            return copy;
        } else if (value instanceof Collection<?> list) {
            deeper("a field", depth);
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(map(v, function, depth + 1)));
            return copy;
        }
        return value;
    }

    private static void deeper(String path, int depth) {
        if (depth >= MAX_DEPTH) {
            throw new IllegalArgumentException(path + " is nested deeper than " + MAX_DEPTH + " levels; not checked");
        }
    }
}
