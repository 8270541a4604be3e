package dev.steward.orchestration.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowInput;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.StepDefinition;
import dev.steward.api.model.ModelTier;
import dev.steward.api.plan.Goal;
import dev.steward.api.plan.Plan;
import dev.steward.api.plan.PlanProblem;
import dev.steward.kernel.internal.FlowEngine;
import dev.steward.kernel.internal.KernelForTests;
import dev.steward.model.testing.LocalModelHost;
import dev.steward.store.testing.EmbeddedTestStore;

/**
 * Without a chat backend, the choreographer chooses among the operator's flow definitions by the similarity of their
 * descriptions to the goal, with the real local embedding model (all-MiniLM-L6-v2 in the model host process): the
 * right template is chosen and run as a flow on the real kernel, an unrelated goal is rejected with the best score,
 * and a goal whose context lacks a field the template requires is rejected naming it.
 */
@Timeout(300)
class TemplateChoiceIT {

    @TempDir
    static Path data;
    private static EmbeddedTestStore neo4j;
    private static LocalModelHost host;

    private FlowEngine engine;
    private GoalChoreographer choreographer;

    @BeforeAll
    static void start() throws Exception {
        neo4j = new EmbeddedTestStore(data.resolve("store"), "Plan", "FlowInstance", "StepRun", "FlowEvent",
                "FlowDefinitionVersion");
        host = new LocalModelHost(data.resolve("model"));
    }

    @AfterAll
    static void stop() throws Exception {
        host.close();
        neo4j.close();
    }

    @BeforeEach
    void engine() {
        neo4j.clear();
        engine = KernelForTests.engine(neo4j.store());
        KernelForTests.addAgent(engine, TestAgents.counter());
        KernelForTests.addAgent(engine, TestAgents.noter());
        KernelForTests.offer(engine,
                template("word-count-note", "Counts the words of a text and writes a short note with the count",
                        List.of(new FlowInput("title", FlowInput.Type.STRING, true, "the note's title"))),
                template("invoice-reminder", "Reminds a client by e-mail that an invoice is overdue", List.of()),
                template("lead-intake", "Qualifies an inbound sales lead and drafts a reply", List.of()));
        choreographer = new GoalChoreographer(neo4j.store(), engine, engine,
                new PlannerSettings("auto", 1, 2, ModelTier.STANDARD, Duration.ofSeconds(20), 0.35, Duration.ofSeconds(5)),
                definition -> KernelForTests.offer(engine, definition), Clock.systemUTC());
        choreographer.embeddings = host.backend();
    }

    @AfterEach
    void stopEngine() {
        KernelForTests.stop(engine);
    }

    /** Every template runs the same two steps: the descriptions are what tells them apart. */
    private static FlowDefinition template(String id, String description, List<FlowInput> inputs) {
        return new FlowDefinition(id, 1, description, List.of(
                new StepDefinition("count", "text.count", Map.of("text", "input.goal"), List.of(), null, null, null),
                new StepDefinition("note", "note.write", Map.of("title", "input.title", "words", "steps.count.words"),
                        List.of("count"), null, null, null)), inputs, false);
    }

    @Test
    void theMostSimilarTemplateIsChosenAndRunsWithTheGoalsContext() throws Exception {
        Plan plan = choreographer.propose(new Goal("Write me a note saying how many words this text has",
                Map.of("title", "Word count")), "olga");
        assertEquals(Plan.Status.VALID, plan.status(), plan.problems().toString());
        assertEquals(Plan.Origin.TEMPLATE, plan.origin());
        assertEquals("word-count-note", plan.flowDefinitionId());
        assertTrue(plan.source().startsWith("template word-count-note v1, similarity 0."), plan.source());
        assertEquals(List.of("count", "note"), plan.steps().stream().map(s -> s.id()).toList());

        Plan started = choreographer.run(plan.id(), "olga");
        assertEquals("word-count-note", started.flowDefinitionId());
        assertEquals(FlowStatus.COMPLETED, KernelForTests.awaitEnd(engine, started.flowId()));
        assertEquals("Word count: 11 words", engine.steps(started.flowId()).stream()
                .filter(s -> s.stepId().equals("note")).findFirst().orElseThrow().output().get("note"));
    }

    @Test
    void aGoalLikeNoTemplateIsRejectedWithTheBestScore() {
        Plan plan = choreographer.propose(new Goal("Water the plants in the greenhouse every morning", Map.of()), "olga");
        assertEquals(Plan.Status.REJECTED, plan.status());
        PlanProblem problem = plan.problems().get(0);
        assertEquals("goal", problem.field());
        assertTrue(problem.reason().startsWith("no flow template is similar enough to the goal: the best, '"),
                problem.reason());
        assertTrue(problem.reason().endsWith(", below template.min.score 0.35"), problem.reason());
    }

    @Test
    void aContextWithoutWhatTheTemplateRequiresIsRejectedNamingTheField() {
        Plan plan = choreographer.propose(new Goal("Count the words of this text and note the count", Map.of()), "olga");
        assertEquals(Plan.Status.REJECTED, plan.status());
        assertEquals("word-count-note", plan.flowDefinitionId());
        assertTrue(plan.problems().contains(new PlanProblem(null, "context.title",
                "template 'word-count-note': input field 'title' is required")), plan.problems().toString());
    }
}
