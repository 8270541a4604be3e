package dev.steward.model.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.steward.api.model.ModelCallKey;
import dev.steward.api.model.ModelTier;

/**
 * The validated settings of {@code etc/dev.steward.model.routing.cfg}: the order backends are tried in, the tier set
 * per agent ({@code tier.agent.<id>}) or per capability ({@code tier.capability.<name>}), the longest a call may
 * take, how long a rate-limited backend is waited for before the next one is tried, how often a backend that
 * answered with garbage, an error of its own (5xx) or a rate limit is asked again (none by default: callers such as
 * the choreographer retry in their own way), after how long, and whether a JSON answer is checked against the shape
 * of the schema asked for (off by default: the choreographer repairs such answers with the model).
 */
record RoutingSettings(List<String> order, Map<String, ModelTier> byAgent, Map<String, ModelTier> byCapability,
        Duration maxTimeout, Duration maxRetryAfter, int retries, Duration retryBackoff, boolean checkShape) {

    static final String PID = "dev.steward.model.routing";
    static final RoutingSettings DEFAULTS = from(Map.of());

    static RoutingSettings from(Map<String, ?> properties) {
        List<String> order = Arrays.stream(string(properties, "backends", "").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        Map<String, ModelTier> byAgent = new HashMap<>();
        Map<String, ModelTier> byCapability = new HashMap<>();
        properties.forEach((key, value) -> {
            if (key.startsWith("tier.agent.")) {
                byAgent.put(key.substring("tier.agent.".length()), tier(key, value));
            } else if (key.startsWith("tier.capability.")) {
                byCapability.put(key.substring("tier.capability.".length()), tier(key, value));
            }
        });
        return new RoutingSettings(order, Map.copyOf(byAgent), Map.copyOf(byCapability),
                millis(properties, "timeout.max.ms", 120_000, 100), millis(properties, "retry.after.max.ms", 2_000, 0),
                (int) number(properties, "retry.max", 0, 0, 5), millis(properties, "retry.backoff.ms", 200, 0),
                flag(properties, "answer.shape.check"));
    }

    /** The tier a call goes to: the agent's, else the capability's, else the one asked for. */
    ModelTier tierFor(ModelCallKey key, ModelTier asked) {
        return byAgent.getOrDefault(key.agentId(), byCapability.getOrDefault(key.capability(), asked));
    }

    private static ModelTier tier(String key, Object value) {
        try {
            return ModelTier.valueOf(String.valueOf(value).strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(key, value, "cheap, standard or premium");
        }
    }

    private static Duration millis(Map<String, ?> properties, String key, long fallback, long least) {
        String value = string(properties, key, Long.toString(fallback));
        try {
            long ms = Long.parseLong(value.strip());
            if (ms >= least) {
                return Duration.ofMillis(ms);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(key, value, "a number of milliseconds, at least " + least);
    }

    private static boolean flag(Map<String, ?> properties, String key) {
        String value = string(properties, key, "false").strip();
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw invalid(key, value, "true or false");
    }

    private static long number(Map<String, ?> properties, String key, long fallback, long least, long most) {
        String value = string(properties, key, Long.toString(fallback));
        try {
            long n = Long.parseLong(value.strip());
            if (n >= least && n <= most) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(key, value, "a whole number from " + least + " to " + most);
    }

    private static String string(Map<String, ?> properties, String key, String fallback) {
        Object v = properties.get(key);
        return v == null ? fallback : String.valueOf(v);
    }

    private static IllegalArgumentException invalid(String key, Object value, String expected) {
        return new IllegalArgumentException("etc/" + PID + ".cfg: " + key + " = '" + value + "' is not valid; expected "
                + expected);
    }
}
