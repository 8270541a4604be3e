package dev.steward.memory.internal;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks the knowledge bank's input and says what to change when it is wrong. */
final class Input {

    static final int MAX_NAME = 500;
    private static final int MAX_LABEL_VALUE = 2_000;
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_-]{0,49}");
    private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private Input() {
    }

    /** A type or kind: lower-case letter, then up to 49 lower-case letters, digits, '_' or '-'. */
    static String type(String what, String type) {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException(what + " '" + type
                    + "' must be a lower-case letter followed by up to 49 lower-case letters, digits, '_' or '-'");
        }
        return type;
    }

    static String text(String what, String text, int max) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (text.length() > max) {
            throw new IllegalArgumentException(what + " is " + text.length() + " characters; the limit is " + max);
        }
        return text;
    }

    static String id(String what, String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return id;
    }

    /** The address in lower case, {@code null} when absent or blank; the message never repeats it (personal data). */
    static String email(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        String e = email.trim().toLowerCase(java.util.Locale.ROOT);
        if (e.length() > 320 || !EMAIL.matcher(e).matches()) {
            throw new IllegalArgumentException("E-mail address is not of the form name@domain.tld");
        }
        return e;
    }

    static Map<String, String> labels(String what, Map<String, String> labels) {
        if (labels == null) {
            return Map.of();
        }
        labels.forEach((k, v) -> {
            if (k == null || !LABEL_KEY.matcher(k).matches()) {
                throw new IllegalArgumentException(what + " key '" + k
                        + "' must be a letter followed by up to 63 letters, digits, '_', '.' or '-'");
            }
            if (v == null || v.length() > MAX_LABEL_VALUE) {
                throw new IllegalArgumentException(what + " '" + k + "' needs a value of at most " + MAX_LABEL_VALUE
                        + " characters");
            }
        });
        return Map.copyOf(labels);
    }

    static List<String> ids(String what, List<String> ids) {
        if (ids == null) {
            return List.of();
        }
        ids.forEach(i -> id(what, i));
        return ids.stream().distinct().toList();
    }
}
