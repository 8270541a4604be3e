package dev.steward.store.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads typed values from a ConfigAdmin dictionary, failing with the key, the value and what was expected. */
final class ConfigReader {

    private final String pid;
    private final Map<String, ?> props;

    ConfigReader(String pid, Map<String, ?> props) {
        this.pid = pid;
        this.props = props;
    }

    String string(String key, String fallback) {
        Object v = props.get(key);
        return v == null ? fallback : v.toString().strip();
    }

    int integer(String key, int fallback, int min, int max) {
        String v = string(key, "");
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw new InvalidSettingsException(pid, key, "'" + v + "' is not a whole number from " + min + " to " + max);
    }

    String matching(String key, String fallback, Pattern pattern, String expected) {
        String v = string(key, fallback);
        if (!pattern.matcher(v).matches()) {
            throw new InvalidSettingsException(pid, key, "'" + v + "' is not " + expected);
        }
        return v;
    }

    Path path(String key, String base, String child) {
        String v = string(key, "");
        return (v.isEmpty() ? Path.of(base).resolve(child) : Path.of(v)).toAbsolutePath().normalize();
    }
}
