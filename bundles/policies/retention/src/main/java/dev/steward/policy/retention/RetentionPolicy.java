package dev.steward.policy.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import dev.steward.api.policy.PolicyDecision;
import dev.steward.api.policy.PolicySubject;
import dev.steward.spi.policy.Policy;

/**
 * Retention rules for memory: an episode about to be written (a {@code MEMORY_WRITE} of {@code memory.episode})
 * is given the label {@code retainUntil}, its occurrence plus its kind's retention, and the memory's sweep
 * deletes it after that; a kind whose rule is {@code never} is refused. An earlier {@code retainUntil} the writer
 * set is kept. Everything else is allowed as it is.
 */
@Component(service = Policy.class, configurationPid = "dev.steward.policy.retention",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = RetentionConfig.class)
public final class RetentionPolicy implements Policy {

    static final String ID = "retention";
    static final String VERSION = "1.0";
    static final String LABEL = "metadata.retainUntil";

    /** A rule: keep for a duration, or never keep ({@code null}). */
    private record Rule(Duration keep) {
    }

    private final Map<String, Rule> rules = new LinkedHashMap<>();

    @Activate
    public RetentionPolicy(RetentionConfig config) {
        for (String entry : config.episodes()) {
            for (String pair : entry.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw invalid(pair, "kind=duration");
                }
                String value = pair.substring(eq + 1).strip();
                rules.put(pair.substring(0, eq).strip(), new Rule(value.equals("never") ? null : duration(pair, value)));
            }
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public PolicyDecision evaluate(PolicySubject subject) {
        if (subject.kind() != PolicySubject.Kind.MEMORY_WRITE || !subject.capability().equals("memory.episode")) {
            return PolicyDecision.allow(ID, VERSION);
        }
        String kind = String.valueOf(subject.payload().get("kind"));
        Rule rule = Optional.ofNullable(rules.get(kind)).orElse(rules.get("*"));
        if (rule == null) {
            return PolicyDecision.allow(ID, VERSION);
        }
        if (rule.keep() == null) {
            return PolicyDecision.deny(ID, VERSION, "episodes of kind " + kind + " are never kept");
        }
        Instant occurred = Instant.parse(String.valueOf(subject.payload().get("occurredAt")));
        Instant until = occurred.plus(rule.keep());
        Object given = subject.payload().get(LABEL);
        if (given != null && Instant.parse(given.toString()).isBefore(until)) {
            return PolicyDecision.allow(ID, VERSION); // the writer asked for less: kept as asked
        }
        return PolicyDecision.allowWithChanges(ID, VERSION, Map.of(LABEL, until.toString()),
                kind + " episodes are kept " + rule.keep());
    }

    private static Duration duration(String pair, String value) {
        try {
            Duration d = Duration.parse(value);
            if (d.isNegative() || d.isZero()) {
                throw invalid(pair, "a positive duration");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw invalid(pair, "kind=ISO-8601 duration such as P30D or PT12H, or kind=never");
        }
    }

    private static IllegalArgumentException invalid(String pair, String expected) {
        return new IllegalArgumentException("invalid configuration in etc/dev.steward.policy.retention.cfg: episodes '"
                + pair.strip() + "' must be " + expected);
    }
}
