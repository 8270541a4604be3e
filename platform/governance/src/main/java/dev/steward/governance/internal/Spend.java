package dev.steward.governance.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.steward.api.governance.AgentSpend;

/**
 * Spend per agent and day: the costs agents reported for the steps that finished in the window (journaled as
 * {@code agent = id@version}, {@code costUsd} a decimal string), added up per agent id and day in the budget's
 * zone, beside the agent's budget that day when the budget ledger has one ({@code agent:<id>:<day>} with a limit).
 * An agent-day with a budget and no spend is listed too.
 */
final class Spend {

    private Spend() {
    }

    static List<AgentSpend> of(List<Map<String, Object>> costs, List<Map<String, Object>> budgets, Window w,
            ZoneId zone) {
        Map<String, BigDecimal> spent = new TreeMap<>();
        for (Map<String, Object> row : costs) {
            Instant finished = Instant.parse((String) row.get("finishedAt"));
            BigDecimal cost = new BigDecimal(row.get("costUsd").toString());
            Object agent = row.get("agent");
            if (w.holds(finished) && cost.signum() > 0 && agent != null) {
                spent.merge(key(LocalDate.ofInstant(finished, zone), agentId(agent.toString())), cost, BigDecimal::add);
            }
        }
        Map<String, BigDecimal> limits = new TreeMap<>();
        LocalDate first = LocalDate.ofInstant(w.from(), zone);
        LocalDate last = LocalDate.ofInstant(w.to().minusNanos(1), zone);
        for (Map<String, Object> row : budgets) {
            String id = (String) row.get("id");
            int colon = id.lastIndexOf(':');
            LocalDate day = day(id.substring(colon + 1));
            if (colon > "agent:".length() && day != null && w.from().isBefore(w.to()) && !day.isBefore(first) && !day.isAfter(last)) {
                limits.put(key(day, id.substring("agent:".length(), colon)),
                        BigDecimal.valueOf(((Number) row.get("limitMicros")).longValue(), 6));
            }
        }
        Map<String, Boolean> keys = new TreeMap<>();
        spent.keySet().forEach(k -> keys.put(k, true));
        limits.keySet().forEach(k -> keys.put(k, true));
        List<AgentSpend> result = new ArrayList<>();
        for (String k : keys.keySet()) {
            int tab = k.indexOf('\t');
            BigDecimal limit = limits.get(k);
            result.add(new AgentSpend(k.substring(tab + 1), LocalDate.parse(k.substring(0, tab)),
                    usd(spent.getOrDefault(k, BigDecimal.ZERO)), limit == null ? null : usd(limit)));
        }
        return result;
    }

    /** Sorts by day, then agent. */
    private static String key(LocalDate day, String agent) {
        return day + "\t" + agent;
    }

    private static LocalDate day(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null; // not a day scope of the ledger's making
        }
    }

    static String agentId(String agent) {
        int at = agent.indexOf('@');
        return at < 0 ? agent : agent.substring(0, at);
    }

    /** Without trailing zeros, never in exponent form (0.250000 is 0.25, 10 stays 10). */
    static BigDecimal usd(BigDecimal amount) {
        BigDecimal plain = amount.stripTrailingZeros();
        return plain.scale() < 0 ? plain.setScale(0) : plain;
    }
}
