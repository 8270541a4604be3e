package dev.steward.kernel.internal;

import static dev.steward.store.testing.EmbeddedTestStore.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentRequest;
import dev.steward.api.agent.AgentResult;
import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.RetryPolicy;
import dev.steward.api.flow.StepDefinition;
import dev.steward.api.governance.AgentSpend;
import dev.steward.api.governance.Autonomy;
import dev.steward.api.governance.DecisionLatency;
import dev.steward.api.governance.ExceptionWaits;
import dev.steward.api.governance.OperatorReport;
import dev.steward.api.governance.Ratio;
import dev.steward.api.policy.PolicyDecision;
import dev.steward.api.policy.PolicySubject;
import dev.steward.governance.internal.OperatorReports;
import dev.steward.spi.agent.Agent;
import dev.steward.spi.policy.Policy;
import dev.steward.spi.store.Statement;

/**
 * The operator's metrics from a scripted week of a real kernel's journal on real Neo4j: flows straight through (some
 * fully reversible, some not), escalated and approved after a known delay, rejected, rejected and rolled back, failed;
 * agents reporting costs against a budget; dead letters replayed, discarded and left open. The report of the week
 * must come out exactly as scripted (flows, holds and costs outside the week must not count).
 */
@Timeout(240)
class OperatorWeekIT extends EngineOnStore {

    /** System time moved by an offset: the test sets what time it is, and the kernel's own timings still advance. */
    private static final class ScriptClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void set(Instant at) {
            offset = Duration.between(Instant.now(), at);
        }

        void advance(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    /** An agent that reports a fixed cost per call and passes on the amount it was given. */
    private static Agent costing(String id, String version, String capability, String usd) {
        return new Agent() {
            @Override
            public AgentDescriptor descriptor() {
                return new AgentDescriptor(id, version, List.of(capability), null, null, AgentDescriptor.CostClass.LOW,
                        true);
            }

            @Override
            public AgentResult execute(AgentRequest request) {
                return new AgentResult(Map.of("amount", request.input().getOrDefault("amount", 0)), "", 0.9,
                        new BigDecimal(usd));
            }
        };
    }

    private static final Instant TODAY = Instant.now().truncatedTo(ChronoUnit.DAYS);
    /** The scripted week: the seven whole days before today. */
    private static final Instant WEEK = TODAY.minus(Duration.ofDays(7));

    private final ScriptClock clock = new ScriptClock();
    private final List<String> settles = new ArrayList<>();

    @BeforeEach
    void engineOnTheScriptClock() {
        neo4j.store().write(new Statement("MATCH (n) WHERE n:BudgetScope OR n:DeadLetter OR n:Signal OR n:FlowEvent "
                + "DETACH DELETE n", Map.of()));
        engine.deactivate();
        clock.set(day(-1, 8));
        engine = new FlowEngine(neo4j.store(), new KernelSettings(4, 256, BREAKER_FAILURES, Duration.ofMillis(500),
                "node-a", Duration.ofSeconds(3)), clock);
        engine.register(costing("drafter", "2.1.0", "draft", "0.10"));
        engine.register(costing("proposer", "3.0", "propose", "0.02"));
        for (String capability : List.of("undraft", "send", "unsend", "post", "unpropose", "pay")) {
            engine.register(ScriptedAgent.echo(capability));
        }
        engine.register(new ScriptedAgent("fetch", (request, call) -> {
            throw new IllegalStateException("the supplier's API is down");
        }));
        engine.define(new FlowDefinition("invoice", 1, "", List.of(step("draft", List.of(), "undraft"),
                step("send", List.of("draft"), "unsend"))));
        engine.define(new FlowDefinition("notify", 1, "", List.of(step("post", List.of(), null))));
        engine.define(new FlowDefinition("settle", 1, "", List.of(
                new StepDefinition("propose", "propose", Map.of("amount", "input.amount"), List.of(), RetryPolicy.none(),
                        Duration.ofSeconds(10), "unpropose"),
                new StepDefinition("pay", "pay", Map.of("amount", "steps.propose.amount"), List.of("propose"),
                        RetryPolicy.none(), Duration.ofSeconds(10), null))));
        engine.define(new FlowDefinition("sync", 1, "", List.of(step("fetch", List.of(), null))));
        engine.register(new Policy() {
            @Override
            public String id() {
                return "payments";
            }

            @Override
            public String version() {
                return "1";
            }

            @Override
            public PolicyDecision evaluate(PolicySubject subject) {
                Object amount = subject.payload().get("amount");
                return subject.capability().equals("pay") && ((Number) amount).intValue() >= 100
                        ? PolicyDecision.requireApproval("payments", "1", "100 or more waits for the operator")
                        : PolicyDecision.allow("payments", "1");
            }
        }, 0);
    }

    @Test
    void aScriptedWeekGivesTheExpectedOperatorMetrics() throws Exception {
        run(-1, "invoice"); // the day before the week: none of it counts
        run(0, "invoice");
        run(0, "invoice");
        run(0, "notify");
        held(1, 120, Duration.ofHours(2), "approve");
        run(2, "invoice");
        assertEquals(FlowStatus.FAILED, run(2, "sync"));
        held(3, 300, Duration.ofMinutes(30), "reject and roll back");
        held(4, 150, Duration.ofHours(5), "approve");
        run(5, "notify");
        run(5, "invoice");
        clock.set(day(5, 9));
        assertEquals(FlowStatus.COMPLETED, end(engine.start("settle", Map.of("amount", 50)).id()), "under 100: no hold");
        held(6, 200, Duration.ofHours(1), "reject");
        run(7, "invoice"); // today, after the week: none of it counts

        budget("agent:drafter:" + date(0), 250_000);
        budget("agent:proposer:" + date(3), -1); // no limit
        budget("day:" + date(0), 5_000_000);
        deadLetter("dl-replayed", day(2, 10), "REPLAYED", "replayedAt", day(2, 13));
        deadLetter("dl-discarded", day(4, 8), "DISCARDED", "discardedAt", day(4, 8).plus(Duration.ofMinutes(45)));
        deadLetter("dl-open", day(6, 20), "OPEN", null, null);
        deadLetter("dl-before", day(-1, 20), "OPEN", null, null);

        OperatorReport week = new OperatorReports(neo4j.store(), engine, ZoneOffset.UTC, Clock.systemUTC())
                .report(WEEK, TODAY);

        assertEquals(new Ratio(4, 12), week.automatedWithRollback(),
                "the four invoices of the week, of its 4 invoices, 2 notices, 5 settlements and 1 sync");
        assertEquals(List.of(new Autonomy("invoice", new Ratio(4, 4)), new Autonomy("notify", new Ratio(2, 2)),
                new Autonomy("settle", new Ratio(1, 5)), new Autonomy("sync", new Ratio(0, 1))), week.autonomy());

        assertEquals(new ExceptionWaits(3, 1, Duration.ofHours(3 + 4).plusMinutes(45)), week.exceptions().deadLetters(),
                "3 h to replay, 45 min to discard, 4 h open until the week's end");
        List<Duration> held = journaledHolds();
        assertEquals(4, held.size());
        Duration heldTotal = held.stream().reduce(Duration.ZERO, Duration::plus);
        assertEquals(new ExceptionWaits(4, 0, heldTotal), week.exceptions().escalations());
        Duration scripted = Duration.ofHours(2 + 5 + 1).plusMinutes(30);
        assertTrue(heldTotal.compareTo(scripted) >= 0 && heldTotal.compareTo(scripted.plusMinutes(1)) < 0,
                "the holds took what the script waited, plus the test's own few seconds: " + heldTotal);
        assertEquals(heldTotal.plus(Duration.ofHours(7).plusMinutes(45)), week.exceptions().total());

        List<Duration> sorted = held.stream().sorted().toList();
        assertEquals(new DecisionLatency(4, sorted.get(1), sorted.get(3)), week.decisionLatency(),
                "nearest rank of 4: the 2nd and the 4th");
        assertEquals(Duration.ofHours(1), week.decisionLatency().p50().truncatedTo(ChronoUnit.HOURS), "the 1 h rejection");
        assertEquals(Duration.ofHours(5), week.decisionLatency().p95().truncatedTo(ChronoUnit.HOURS), "the 5 h approval");

        BigDecimal cents = new BigDecimal("0.02");
        assertEquals(List.of(
                new AgentSpend("drafter", date(0), new BigDecimal("0.2"), new BigDecimal("0.25")),
                new AgentSpend("proposer", date(1), cents, null),
                new AgentSpend("drafter", date(2), new BigDecimal("0.1"), null),
                new AgentSpend("proposer", date(3), cents, null),
                new AgentSpend("proposer", date(4), cents, null),
                new AgentSpend("drafter", date(5), new BigDecimal("0.1"), null),
                new AgentSpend("proposer", date(5), cents, null),
                new AgentSpend("proposer", date(6), cents, null)), week.spend());

        OperatorReport nothing = new OperatorReports(neo4j.store(), engine, ZoneOffset.UTC, Clock.systemUTC())
                .report(WEEK.minus(Duration.ofDays(30)), WEEK.minus(Duration.ofDays(23)));
        assertEquals(List.of(new Ratio(0, 0), DecisionLatency.NONE, ExceptionWaits.NONE, List.of(), List.of()),
                List.of(nothing.automatedWithRollback(), nothing.decisionLatency(), nothing.exceptions().escalations(),
                        nothing.autonomy(), nothing.spend()));
    }

    /** Starts a flow at 09:00 of a day of the week and waits for its end. */
    private FlowStatus run(int day, String definition) throws InterruptedException {
        clock.set(day(day, 9));
        return end(engine.start(definition, Map.of()).id());
    }

    /** A settlement held for the operator, decided {@code after} the hold. */
    private void held(int day, int amount, Duration after, String decision) throws InterruptedException {
        clock.set(day(day, 9));
        String id = engine.start("settle", Map.of("amount", amount)).id();
        settles.add(id);
        await("pay held", Duration.ofSeconds(30), () -> engine.escalations().stream().anyMatch(e -> e.flowId().equals(id)));
        clock.advance(after); // the hold's timer is 24 h away in real time: moving the clock does not fire it
        switch (decision) {
            case "approve" -> engine.approve(id, "pay", Map.of(), "olivia");
            case "reject" -> engine.reject(id, "pay", "not this client", "olivia");
            default -> engine.rejectAndRollBack(id, "pay", "wrong client", "olivia");
        }
        FlowStatus expected = switch (decision) {
            case "approve" -> FlowStatus.COMPLETED;
            case "reject" -> FlowStatus.FAILED;
            default -> FlowStatus.COMPENSATED;
        };
        await("settled " + decision, Duration.ofSeconds(60), () -> engine.find(id).orElseThrow().status() == expected);
    }

    private FlowStatus end(String flowId) throws InterruptedException {
        await("flow " + flowId + " ended", Duration.ofSeconds(60),
                () -> engine.find(flowId).map(f -> f.status().terminal()).orElse(false));
        return engine.find(flowId).orElseThrow().status();
    }

    /** Each held step's wait as journaled, independently of the metrics' own reading: heldAt to the decision sent. */
    private List<Duration> journaledHolds() {
        List<Duration> held = new ArrayList<>();
        for (Map<String, Object> r : neo4j.store().read(new Statement("MATCH (f:FlowInstance)-[:HAS_STEP]->(s:StepRun "
                + "{stepId: 'pay'}) WHERE f.id IN $ids MATCH (f)-[:HAS_SIGNAL]->(g:Signal {name: 'approval:pay'}) "
                + "RETURN s.heldAt AS held, g.sentAt AS decided", Map.of("ids", settles)))) {
            held.add(Duration.between(Instant.parse((String) r.get("held")), Instant.parse((String) r.get("decided"))));
        }
        return held;
    }

    private static void budget(String scope, long limitMicros) {
        neo4j.store().write(new Statement("CREATE (:BudgetScope {id: $id, limitMicros: $limit, allottedMicros: 0, "
                + "spentMicros: 0})", Map.of("id", scope, "limit", limitMicros)));
    }

    /** A dead letter as the fabric's DeadLetterStore keeps it (package-private there, so written here alike). */
    private static void deadLetter(String id, Instant failedAt, String status, String resolvedProperty, Instant resolved) {
        neo4j.store().write(new Statement("CREATE (d:DeadLetter {id: $id, route: 'orders', endpoint: 'direct:orders', "
                + "reason: 'boom', exceptionType: 'java.io.IOException', payload: '{}', payloadTruncated: false, "
                + "headers: '{}', failedAt: $failedAt, status: $status, replayedAt: null})",
                Map.of("id", id, "failedAt", failedAt.toEpochMilli(), "status", status)));
        if (resolvedProperty != null) {
            neo4j.store().write(new Statement("MATCH (d:DeadLetter {id: $id}) SET d[$property] = $at",
                    Map.of("id", id, "property", resolvedProperty, "at", resolved.toEpochMilli())));
        }
    }

    private static StepDefinition step(String capability, List<String> dependsOn, String compensation) {
        return new StepDefinition(capability, capability, Map.of(), dependsOn, RetryPolicy.none(), Duration.ofSeconds(10),
                compensation);
    }

    private static Instant day(int day, int hour) {
        return WEEK.plus(Duration.ofDays(day)).plus(Duration.ofHours(hour));
    }

    private static LocalDate date(int day) {
        return LocalDate.ofInstant(day(day, 0), ZoneOffset.UTC);
    }
}
