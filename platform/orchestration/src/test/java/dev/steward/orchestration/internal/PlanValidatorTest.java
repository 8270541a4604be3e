package dev.steward.orchestration.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentStatus;
import dev.steward.api.plan.PlanProblem;
import dev.steward.api.plan.PlanStep;

/** Each kind of rejection, with its step, field and reason, and plans that pass. */
class PlanValidatorTest {

    static final String RECONCILE_IN = """
            {"type": "object", "required": ["lines", "invoices"],
             "properties": {"lines": {"type": "array"}, "invoices": {"type": "array"}, "tolerance": {"type": "number"}}}""";
    static final String RECONCILE_OUT = """
            {"type": "object", "properties": {"matches": {"type": "array"}, "unmatchedLines": {"type": "array"},
             "summary": {"type": "object", "properties": {"count": {"type": "integer"}}}}}""";
    static final String WRITE_IN = """
            {"type": "object", "required": ["template", "data"], "additionalProperties": false,
             "properties": {"template": {"type": "string"}, "data": {"type": "object"}, "context": {"type": "array"}}}""";
    static final String WRITE_OUT = """
            {"type": "object", "properties": {"subject": {"type": "string"}, "body": {"type": "string"}}}""";

    private final PlanValidator validator = new PlanValidator();
    private final List<AgentStatus> agents = new ArrayList<>(List.of(
            agent("reconciler", "finance.reconcile", RECONCILE_IN, RECONCILE_OUT, AgentStatus.State.ACTIVE, null),
            agent("writer", "draft.write", WRITE_IN, WRITE_OUT, AgentStatus.State.ACTIVE, null),
            agent("free", "free.form", "{}", "{}", AgentStatus.State.ACTIVE, null)));
    private final Map<String, Object> input = Map.of("lines", List.of(), "invoices", List.of(), "template", "reminder",
            "tolerance", "a lot", "goal", "reconcile the statement", "client", Map.of("name", "ACME"));

    static AgentStatus agent(String id, String capability, String in, String out, AgentStatus.State state,
            String problem) {
        return new AgentStatus(new AgentDescriptor(id, "1.0.0", List.of(capability), in, out,
                AgentDescriptor.CostClass.LOW, true), state, problem, 0, 0, Duration.ZERO, BigDecimal.ZERO, null);
    }

    private static PlanStep step(String id, String capability, List<String> dependsOn, Map<String, String> mapping,
            String... expected) {
        return new PlanStep(id, capability, dependsOn, mapping, List.of(expected));
    }

    private List<PlanProblem> check(PlanStep... steps) {
        return validator.check(List.of(steps), input, new AgentCatalog(agents), true);
    }

    private static PlanStep reconcile() {
        return step("match", "finance.reconcile", List.of(), Map.of("lines", "input.lines", "invoices", "input.invoices"),
                "matches");
    }

    @Test
    void aPlanWiredToTheSchemasPasses() {
        assertEquals(List.of(), check(reconcile(), step("tell", "draft.write", List.of("match"),
                Map.of("template", "input.template", "data", "steps.match.summary"))));
        // a step without mapping gets the whole context, which has what the agent requires
        assertEquals(List.of(), check(step("free", "free.form", List.of(), Map.of()),
                step("whole", "draft.write", List.of(), Map.of("template", "input.goal", "data", "input.client"))));
    }

    @Test
    void anUnknownCapabilityIsRejectedNamingTheRegisteredOnes() {
        List<PlanProblem> problems = check(step("pay", "finance.pay", List.of(), Map.of()));
        assertEquals(List.of(new PlanProblem("pay", "capability",
                "unknown capability 'finance.pay'; registered: draft.write, finance.reconcile, free.form")), problems);
        assertEquals("step 'pay' capability: unknown capability 'finance.pay'; registered: draft.write, "
                + "finance.reconcile, free.form", problems.get(0).describe());
    }

    @Test
    void aCapabilityOfARejectedAgentOnlyIsRejectedWithTheAgentsProblem() {
        agents.add(agent("broken", "lead.qualify", "{nope", "{}", AgentStatus.State.REJECTED, "input schema is not JSON"));
        assertEquals(List.of(new PlanProblem("q", "capability", "capability 'lead.qualify' is offered only by a rejected "
                + "agent (agent broken 1.0.0 was rejected: input schema is not JSON)")),
                check(step("q", "lead.qualify", List.of(), Map.of())));
    }

    @Test
    void danglingAndSelfDependenciesAreRejected() {
        assertEquals(List.of(new PlanProblem("a", "dependsOn", "depends on unknown step 'ghost'")),
                check(step("a", "free.form", List.of("ghost"), Map.of())));
    }

    @Test
    void aCycleIsRejectedNamingItsSteps() {
        List<PlanProblem> problems = check(step("a", "free.form", List.of("c"), Map.of()),
                step("b", "free.form", List.of("a"), Map.of()), step("c", "free.form", List.of("b"), Map.of()));
        assertEquals(List.of(new PlanProblem(null, "dependsOn", "steps a -> c -> b -> a depend on each other in a cycle")),
                problems);
    }

    @Test
    void badAndDuplicateStepIdsAndAnEmptyPlanAreRejected() {
        assertEquals(List.of(new PlanProblem(null, "steps", "the plan has no steps")), check());
        List<PlanProblem> problems = check(step("-x", "free.form", List.of(), Map.of()),
                step("a", "free.form", List.of(), Map.of()), step("a", "free.form", List.of(), Map.of()));
        assertTrue(problems.contains(new PlanProblem("-x", "id",
                "a step id starts with a letter or digit and has only letters, digits, '_', '.' or '-'")), problems.toString());
        assertTrue(problems.contains(new PlanProblem("a", "id", "two steps have this id")), problems.toString());
    }

    @Test
    void aRequiredInputThatIsNotGivenIsRejected() {
        assertEquals(List.of(new PlanProblem("match", "input.invoices",
                "is required by agent reconciler's input schema but the step does not give it")),
                check(step("match", "finance.reconcile", List.of(), Map.of("lines", "input.lines"))));
    }

    @Test
    void aWholeContextWithoutARequiredFieldIsRejected() {
        assertEquals(List.of(new PlanProblem("w", "input.data", "is required by agent writer's input schema; the step "
                + "has no input mapping, so it gets the goal's context, which has no field 'data'")),
                check(step("w", "draft.write", List.of(), Map.of())).stream()
                        .filter(p -> p.field().equals("input.data")).toList());
    }

    @Test
    void aContextFieldThatDoesNotExistIsRejected() {
        List<PlanProblem> problems = check(step("match", "finance.reconcile", List.of(),
                Map.of("lines", "input.statement", "invoices", "input.invoices")));
        assertEquals(List.of(new PlanProblem("match", "input.lines", "'input.statement' reads what the goal's context "
                + "does not have (it has client, goal, invoices, lines, template, tolerance)")), problems);
    }

    @Test
    void aTypeMismatchFromTheContextIsRejected() {
        assertEquals(List.of(new PlanProblem("match", "input.tolerance",
                "'input.tolerance' gives a value of type string but agent reconciler's input schema wants a value of type number")),
                check(step("match", "finance.reconcile", List.of(),
                        Map.of("lines", "input.lines", "invoices", "input.invoices", "tolerance", "input.tolerance"))));
    }

    @Test
    void aTypeMismatchBetweenOutputAndInputSchemasIsRejected() {
        List<PlanProblem> problems = check(reconcile(), step("tell", "draft.write", List.of("match"),
                Map.of("template", "steps.match.matches", "data", "steps.match.summary")));
        assertEquals(List.of(new PlanProblem("tell", "input.template", "'steps.match.matches' gives a value of type "
                + "array but agent writer's input schema wants a value of type string")), problems);
        // nested: summary.count is an integer, and data wants an object
        assertEquals(List.of(new PlanProblem("tell", "input.data", "'steps.match.summary.count' gives a value of type "
                + "integer but agent writer's input schema wants a value of type object")),
                check(reconcile(), step("tell", "draft.write", List.of("match"),
                        Map.of("template", "input.template", "data", "steps.match.summary.count"))));
    }

    @Test
    void anUpstreamOutputFieldTheSchemaDoesNotDeclareIsRejected() {
        assertEquals(List.of(new PlanProblem("tell", "input.data", "'steps.match.total': step 'match' (agent "
                + "reconciler) has no output field 'total' (its output schema declares matches, summary, unmatchedLines)")),
                check(reconcile(), step("tell", "draft.write", List.of("match"),
                        Map.of("template", "input.template", "data", "steps.match.total"))));
        // an upstream agent whose output schema declares no properties may output anything
        assertEquals(List.of(), check(step("free", "free.form", List.of(), Map.of()), step("tell", "draft.write",
                List.of("free"), Map.of("template", "input.template", "data", "steps.free.whatever"))));
    }

    @Test
    void readingAStepThatIsNotWaitedForOrUnknownIsRejected() {
        List<PlanProblem> problems = check(reconcile(), step("tell", "draft.write", List.of(),
                Map.of("template", "input.template", "data", "steps.match.summary")));
        assertEquals(List.of(new PlanProblem("tell", "input.data", "'steps.match.summary' reads the output of step "
                + "'match', which this step does not depend on (add it to dependsOn)")), problems);
        assertEquals(List.of(new PlanProblem("tell", "input.data", "'steps.nope.x' reads the output of unknown step 'nope'")),
                check(step("tell", "draft.write", List.of(), Map.of("template", "input.template", "data", "steps.nope.x"))));
    }

    @Test
    void aMalformedPathAndAFieldAClosedSchemaDoesNotHaveAreRejected() {
        List<PlanProblem> problems = check(step("tell", "draft.write", List.of(),
                Map.of("template", "template", "data", "input.client", "tone", "input.goal")));
        assertEquals(List.of(
                new PlanProblem("tell", "input.template", "'template' must be input.<field> (the goal's context, "
                        + "input.goal for its text) or steps.<step id>.<field> (an earlier step's output)"),
                new PlanProblem("tell", "input.tone", "agent writer's input schema has no field 'tone' (it declares "
                        + "context, data, template)")), problems);
    }

    @Test
    void anExpectedOutputTheAgentDoesNotDeclareIsRejected() {
        assertEquals(List.of(new PlanProblem("match", "expectedOutput", "agent reconciler's output schema has no field "
                + "'report' (it declares matches, summary, unmatchedLines)")),
                check(step("match", "finance.reconcile", List.of(),
                        Map.of("lines", "input.lines", "invoices", "input.invoices"), "matches", "report")));
    }

    @Test
    void everyProblemOfAPlanIsReportedAtOnce() {
        List<PlanProblem> problems = check(step("a", "finance.pay", List.of("ghost"), Map.of()),
                step("b", "finance.reconcile", List.of(), Map.of("lines", "input.nothing")));
        assertEquals(4, problems.size(), problems.toString());
    }
}
