package dev.steward.policy.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.steward.api.policy.PolicySubject;

/**
 * The configured limits, validated, and the budget scopes a subject spends against: its day, its agent's day and
 * (when limited) its flow. Amounts are whole micro-dollars, so that sums are exact.
 */
final class Limits {

    static final String CFG = "etc/dev.steward.policy.budget.cfg";
    static final long NONE = -1;

    /**
     * One budget a subject spends against: its id, its limit ({@link #NONE} for none), and for a flow's budget what the
     * flow has committed besides the subject ({@link #NONE} for a budget kept in the store): what its journal says its
     * steps cost and the estimates of its steps in flight, which the kernel knows. So a flow's budget needs no store.
     */
    record Scope(String id, long limitMicros, long flowCommittedMicros) {

        Scope(String id, long limitMicros) {
            this(id, limitMicros, NONE);
        }

        boolean ofFlow() {
            return flowCommittedMicros != NONE;
        }
    }

    private final long flowLimit;
    private final long dayLimit;
    private final Map<String, Long> agentLimits;
    private final long everyAgentLimit;
    private final boolean askApproval;
    private final ZoneId zone;
    private final long chunkPerMille;
    private final Duration ttl;

    Limits(BudgetConfig config) {
        flowLimit = micros("flow.limit.usd", config.flow_limit_usd());
        dayLimit = micros("day.limit.usd", config.day_limit_usd());
        Map<String, Long> agents = new LinkedHashMap<>();
        for (String entry : config.agent_limits_usd()) {
            for (String pair : entry.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw invalid("agent.limits.usd", pair, "agent=dollars");
                }
                agents.put(pair.substring(0, eq).strip(), micros("agent.limits.usd", pair.substring(eq + 1)));
            }
        }
        everyAgentLimit = agents.getOrDefault("*", NONE);
        agents.remove("*");
        agentLimits = Map.copyOf(agents);
        String action = config.over_action().strip().toLowerCase(Locale.ROOT);
        if (!action.equals("deny") && !action.equals("approval")) {
            throw invalid("over.action", config.over_action(), "'deny' or 'approval'");
        }
        askApproval = action.equals("approval");
        try {
            zone = ZoneId.of(config.zone().strip());
        } catch (DateTimeException e) {
            throw invalid("zone", config.zone(), "a time zone id such as UTC or Europe/Paris");
        }
        if (config.allotment_percent() < 1 || config.allotment_percent() > 100) {
            throw invalid("allotment.percent", String.valueOf(config.allotment_percent()), "a percentage from 1 to 100");
        }
        chunkPerMille = config.allotment_percent() * 10L;
        if (config.allotment_ttl_seconds() < 1) {
            throw invalid("allotment.ttl.seconds", String.valueOf(config.allotment_ttl_seconds()), "at least 1");
        }
        ttl = Duration.ofSeconds(config.allotment_ttl_seconds());
    }

    /** How much of a limit a node asks the store for at once, in thousandths. */
    long chunkPerMille() {
        return chunkPerMille;
    }

    /** How long an allotment lives without being renewed. */
    Duration ttl() {
        return ttl;
    }

    boolean askApproval() {
        return askApproval;
    }

    /** The scopes of a subject at a moment, in id order (the order their locks are taken in). */
    List<Scope> scopes(PolicySubject subject, Instant at) {
        LocalDate day = LocalDate.ofInstant(at, zone);
        List<Scope> scopes = new ArrayList<>();
        scopes.add(new Scope("day:" + day, dayLimit));
        if (subject.agentId() != null) {
            scopes.add(new Scope("agent:" + subject.agentId() + ":" + day,
                    agentLimits.getOrDefault(subject.agentId(), everyAgentLimit)));
        }
        if (flowLimit != NONE && subject.flowInstanceId() != null) {
            scopes.add(new Scope("flow:" + subject.flowInstanceId(), flowLimit, micros(subject.flowCommittedUsd())));
        }
        scopes.sort(Comparator.comparing(Scope::id));
        return scopes;
    }

    /** Dollars as whole micro-dollars, rounded up (a reservation is never smaller than the estimate). */
    static long micros(BigDecimal usd) {
        return usd.movePointRight(6).setScale(0, RoundingMode.UP).longValueExact();
    }

    /** Micro-dollars as dollars, without trailing zeros. */
    static BigDecimal usd(long micros) {
        return BigDecimal.valueOf(micros).movePointLeft(6).stripTrailingZeros();
    }

    static String dollars(long micros) {
        return usd(micros).toPlainString();
    }

    private static long micros(String key, String value) {
        try {
            BigDecimal usd = new BigDecimal(value.strip());
            return usd.signum() < 0 ? NONE : micros(usd);
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalid(key, value, "a number of US dollars (negative: no limit)");
        }
    }

    private static IllegalArgumentException invalid(String key, String value, String expected) {
        return new IllegalArgumentException("invalid configuration in " + CFG + ": " + key + " '" + value + "' must be "
                + expected);
    }
}
