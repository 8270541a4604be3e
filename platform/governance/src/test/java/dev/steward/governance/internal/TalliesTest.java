package dev.steward.governance.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.steward.api.governance.AgentSpend;
import dev.steward.api.governance.DecisionLatency;
import dev.steward.api.governance.ExceptionWaits;

/** The sums and percentiles behind the report, from journal rows as the store returns them. */
class TalliesTest {

    private static final Instant FROM = Instant.parse("2026-03-02T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-03-09T00:00:00Z");
    private static final Window WEEK = Window.of(FROM, TO, Instant.parse("2026-03-20T00:00:00Z"));

    @Test
    void nearestRankPercentiles() {
        assertEquals(DecisionLatency.NONE, Percentiles.latency(List.of()));
        DecisionLatency one = Percentiles.latency(List.of(Duration.ofMinutes(7)));
        assertEquals(List.of(1, Duration.ofMinutes(7), Duration.ofMinutes(7)), List.of(one.decisions(), one.p50(), one.p95()));
        DecisionLatency four = Percentiles.latency(List.of(Duration.ofHours(5), Duration.ofMinutes(30), Duration.ofHours(2),
                Duration.ofHours(1)));
        assertEquals(List.of(Duration.ofHours(1), Duration.ofHours(5)), List.of(four.p50(), four.p95()));
        List<Duration> twenty = java.util.stream.IntStream.rangeClosed(1, 20).mapToObj(Duration::ofSeconds).toList();
        assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(19)),
                List.of(Percentiles.latency(twenty).p50(), Percentiles.latency(twenty).p95()));
    }

    @Test
    void aWindowNeverEndsAfterNowAndRefusesToRunBackwards() {
        Instant now = Instant.parse("2026-03-05T12:00:00Z");
        assertEquals(now, Window.of(FROM, TO, now).asOf());
        assertEquals(TO, WEEK.asOf());
        assertThrows(IllegalArgumentException.class, () -> Window.of(TO, FROM, now));
        assertEquals("2026-03-01T23:59:59Z", WEEK.lo());
        assertEquals("2026-03-09T00:00:01Z", WEEK.hi());
    }

    @Test
    void holdsEndAtTheirDecisionExpiryOrFlowEndAndStillOpenOnesAtTheWindowsEnd() {
        List<Map<String, Object>> rows = List.of(
                hold("2026-03-02T09:00:00Z", "SUCCEEDED", "2026-03-02T11:00:00Z", "COMPLETED", null),
                hold("2026-03-03T09:00:00Z", "FAILED", null, "FAILED", null), // expired at its deadline (+24 h)
                hold("2026-03-04T09:00:00Z", "WAITING", null, "CANCELLED", "2026-03-04T09:30:00Z"),
                hold("2026-03-08T23:00:00Z", "WAITING", null, "WAITING", null), // open: 1 h until the window's end
                hold("2026-03-08T23:30:00Z", "SUCCEEDED", "2026-03-09T02:00:00Z", "COMPLETED", null), // open at the end
                hold("2026-03-01T23:59:59.5Z", "SUCCEEDED", "2026-03-02T00:00:10Z", "COMPLETED", null)); // before
        Holds holds = Holds.of(rows, WEEK);
        assertEquals(new ExceptionWaits(5, 2, Duration.ofHours(2 + 24 + 1).plusMinutes(30 + 30)), holds.waits());
        assertEquals(new DecisionLatency(1, Duration.ofHours(2), Duration.ofHours(2)), holds.latency());
    }

    @Test
    void deadLettersWaitUntilReplayedOrDiscarded() {
        List<Map<String, Object>> rows = List.of(
                letter("2026-03-02T10:00:00Z", "REPLAYED", "2026-03-02T13:00:00Z", null),
                letter("2026-03-04T08:00:00Z", "DISCARDED", null, "2026-03-04T08:45:00Z"),
                letter("2026-03-05T08:00:00Z", "DISCARDED", null, null), // discarded before discardedAt was kept
                letter("2026-03-08T20:00:00Z", "OPEN", null, null),
                letter("2026-03-01T20:00:00Z", "OPEN", null, null));
        assertEquals(new ExceptionWaits(4, 1, Duration.ofHours(3 + 4).plusMinutes(45)), DeadLetterWaits.of(rows, WEEK));
    }

    @Test
    void spendPerAgentAndDayInTheBudgetZoneBesideItsLimit() {
        List<Map<String, Object>> costs = List.of(
                cost("drafter@2.1.0", "2026-03-02T09:00:00Z", "0.10"),
                cost("drafter@2.1.0", "2026-03-02T23:30:00Z", "0.10"), // 3 March in Paris
                cost("drafter@2.2.0", "2026-03-03T09:00:00Z", "0.05"),
                cost("echo@1", "2026-03-03T09:00:00Z", "0"),
                cost("drafter@2.1.0", "2026-03-09T09:00:00Z", "0.10"));
        List<Map<String, Object>> budgets = List.of(Map.of("id", "agent:drafter:2026-03-03", "limitMicros", 250_000L),
                Map.of("id", "agent:proposer:2026-03-04", "limitMicros", 1_000_000L),
                Map.of("id", "agent:drafter:2026-02-03", "limitMicros", 1L), Map.of("id", "agent:odd", "limitMicros", 1L));
        List<AgentSpend> paris = Spend.of(costs, budgets, WEEK, ZoneId.of("Europe/Paris"));
        assertEquals(List.of(
                new AgentSpend("drafter", LocalDate.parse("2026-03-02"), new BigDecimal("0.1"), null),
                new AgentSpend("drafter", LocalDate.parse("2026-03-03"), new BigDecimal("0.15"), new BigDecimal("0.25")),
                new AgentSpend("proposer", LocalDate.parse("2026-03-04"), BigDecimal.ZERO, new BigDecimal("1"))), paris);
        assertEquals(new BigDecimal("0.2"), Spend.of(costs, List.of(), WEEK, ZoneOffset.UTC).get(0).spentUsd());
        assertNull(Spend.of(costs, List.of(), WEEK, ZoneOffset.UTC).get(0).limitUsd());
    }

    private static Map<String, Object> hold(String heldAt, String status, String decidedAt, String flowStatus,
            String flowUpdatedAt) {
        Map<String, Object> row = new HashMap<>();
        row.put("heldAt", heldAt);
        row.put("status", status);
        row.put("deadline", Instant.parse(heldAt).plus(Duration.ofHours(24)).toString());
        row.put("decidedAt", decidedAt);
        row.put("flowStatus", flowStatus);
        row.put("flowUpdatedAt", flowUpdatedAt);
        return row;
    }

    private static Map<String, Object> letter(String failedAt, String status, String replayedAt, String discardedAt) {
        Map<String, Object> row = new HashMap<>();
        row.put("failedAt", Instant.parse(failedAt).toEpochMilli());
        row.put("status", status);
        row.put("replayedAt", replayedAt == null ? null : Instant.parse(replayedAt).toEpochMilli());
        row.put("discardedAt", discardedAt == null ? null : Instant.parse(discardedAt).toEpochMilli());
        return row;
    }

    private static Map<String, Object> cost(String agent, String finishedAt, String usd) {
        return Map.of("agent", agent, "finishedAt", finishedAt, "costUsd", usd);
    }
}
