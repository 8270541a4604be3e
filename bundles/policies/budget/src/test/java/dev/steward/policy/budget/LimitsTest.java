package dev.steward.policy.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.steward.api.policy.PolicyDecision;
import dev.steward.api.policy.PolicySubject;
import dev.steward.api.policy.Verdict;

class LimitsTest {

    private static final Instant LATE_EVENING_UTC = Instant.parse("2026-11-30T23:30:00Z");

    static BudgetConfig config(Map<String, String> settings) {
        return (BudgetConfig) Proxy.newProxyInstance(BudgetConfig.class.getClassLoader(), new Class<?>[] {BudgetConfig.class},
                (proxy, method, args) -> !settings.containsKey(method.getName().replace('_', '.')) ? method.getDefaultValue()
                        : method.getReturnType() == String[].class ? new String[] {settings.get(method.getName().replace('_', '.'))}
                        : settings.get(method.getName().replace('_', '.')));
    }

    private static PolicySubject step(String agent, String cost) {
        return new PolicySubject(PolicySubject.Kind.STEP, "f1", "draft", "draft", Map.of(), new BigDecimal(cost), "remind",
                agent, null);
    }

    @Test
    void aSubjectSpendsAgainstItsDayItsAgentsDayAndItsFlowWhenFlowsAreLimitedInTheConfiguredZone() {
        Limits limits = new Limits(config(Map.of("flow.limit.usd", "2", "day.limit.usd", "10",
                "agent.limits.usd", "writer=0.5, *=1", "zone", "Europe/Paris")));
        assertEquals(List.of(new Limits.Scope("agent:writer:2026-12-01", 500_000), new Limits.Scope("day:2026-12-01", 10_000_000),
                new Limits.Scope("flow:f1", 2_000_000, 0)), limits.scopes(step("writer", "0.1"), LATE_EVENING_UTC),
                "past midnight in Paris, in id order");
        assertEquals(new Limits.Scope("agent:other:2026-12-01", 1_000_000),
                limits.scopes(step("other", "0.1"), LATE_EVENING_UTC).get(0), "'*' covers agents not named");
        assertEquals(List.of("agent:writer:2026-11-30", "day:2026-11-30"),
                new Limits(config(Map.of())).scopes(step("writer", "1"), LATE_EVENING_UTC).stream().map(Limits.Scope::id).toList(),
                "no flow scope without a flow limit; UTC by default");
    }

    @Test
    void amountsAreWholeMicroDollarsRoundedUp() {
        assertEquals(100_000, Limits.micros(new BigDecimal("0.1")));
        assertEquals(1, Limits.micros(new BigDecimal("0.0000001")), "a reservation is never below the estimate");
        assertEquals("0.15", Limits.dollars(150_000));
    }

    @Test
    void badSettingsAreRefusedNamingTheFileAndKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Limits(config(Map.of("day.limit.usd", "ten"))));
        assertEquals("invalid configuration in etc/dev.steward.policy.budget.cfg: day.limit.usd 'ten' must be a number "
                + "of US dollars (negative: no limit)", e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Limits(config(Map.of("over.action", "warn"))))
                .getMessage().contains("over.action 'warn' must be 'deny' or 'approval'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Limits(config(Map.of("agent.limits.usd", "writer"))))
                .getMessage().contains("agent.limits.usd 'writer' must be agent=dollars"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Limits(config(Map.of("zone", "Mars/Base"))))
                .getMessage().contains("zone 'Mars/Base'"));
    }

    @Test
    void aStepThatCostsNothingPassesWithoutTouchingTheStore() {
        BudgetPolicy policy = new BudgetPolicy(null, new Limits(config(Map.of("day.limit.usd", "0"))),
                java.time.Clock.systemUTC());
        PolicyDecision d = policy.evaluate(step("writer", "0"));
        assertEquals(Verdict.ALLOW, d.verdict());
        policy.settle(step("writer", "0"), true, BigDecimal.ZERO); // a null ledger would throw if it were used
    }
}
