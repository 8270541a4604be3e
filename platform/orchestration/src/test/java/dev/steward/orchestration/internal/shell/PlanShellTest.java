package dev.steward.orchestration.internal.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.steward.api.plan.Goal;
import dev.steward.api.plan.Plan;
import dev.steward.api.plan.PlanProblem;
import dev.steward.api.plan.PlanStep;

/** The shell's context arguments, typed as flow-start types them, and how a plan and the list are printed. */
class PlanShellTest {

    private static final Instant AT = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void contextValuesAreTyped() {
        assertEquals(Map.of("n", 3L, "x", 1.5, "ok", true, "id", "007", "name", "ACME"),
                ContextValues.parse(List.of("n=3", "x=1.5", "ok=true", "id=\"007\"", "name=ACME")));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ContextValues.parse(List.of("novalue")));
        assertEquals("--context 'novalue' is not key=value", bad.getMessage());
    }

    @Test
    void aRejectedPlanIsPrintedWithItsStepsAndProblems() {
        Plan plan = new Plan("p-1", new Goal("reconcile", Map.of("month", "11")),
                List.of(new PlanStep("match", "finance.pay", List.of("load"), Map.of("lines", "input.lines"), null)),
                "pay it", Plan.Origin.MODEL, "model m, 1 repair round(s)", Plan.Status.REJECTED,
                List.of(new PlanProblem("match", "capability", "unknown capability 'finance.pay'")), null, null, AT);
        String out = PlanPrinter.render(plan);
        assertTrue(out.startsWith("Plan p-1: REJECTED\nGoal:      reconcile\nContext:   {month=11}\n"), out);
        assertTrue(out.contains("Made by:   MODEL, model m, 1 repair round(s)\n"), out);
        assertTrue(out.contains("  match: finance.pay after load\n      lines <- input.lines\n"), out);
        assertTrue(out.endsWith("Problems:\n  - step 'match' capability: unknown capability 'finance.pay'\n"), out);

        Plan valid = new Plan("p-1", plan.goal(), plan.steps(), "", Plan.Origin.MODEL, "", Plan.Status.VALID, null, null,
                null, AT);
        String list = PlansCommand.render(List.of(valid.started("plan-p-1", "f-9")));
        assertTrue(list.lines().skip(1).findFirst().orElseThrow().matches("p-1 +STARTED +MODEL +1 +f-9 +reconcile"), list);
    }
}
