package dev.steward.orchestration.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.StepRun;
import dev.steward.api.model.ModelTier;
import dev.steward.api.plan.Goal;
import dev.steward.api.plan.Plan;
import dev.steward.api.plan.PlanProblem;
import dev.steward.kernel.internal.FlowEngine;
import dev.steward.kernel.internal.KernelForTests;
import dev.steward.model.internal.ModelRouter;
import dev.steward.model.internal.OpenAiChatBackend;
import dev.steward.model.testing.LocalChat;
import dev.steward.store.testing.EmbeddedTestStore;

/**
 * The model-planned choreographer on the real platform parts: the store on a real Neo4j, the kernel running the
 * plans' flows with two test agents, and the model router with a chat backend on a local server that speaks the
 * OpenAI protocol and answers as scripted: a valid plan run as a flow; an invalid plan repaired; an invalid plan
 * rejected after its repair round; a garbage answer retried, then a clear rejection; the same request paid once.
 */
@Timeout(180)
class ChoreographerIT {

    static final String VALID = """
            {"rationale": "count the words of the goal, then note them",
             "steps": [
               {"id": "count", "capability": "text.count", "dependsOn": [],
                "input": [{"field": "text", "from": "input.goal"}], "expectedOutput": ["words"]},
               {"id": "note", "capability": "note.write", "dependsOn": ["count"],
                "input": [{"field": "title", "from": "input.title"}, {"field": "words", "from": "steps.count.words"}],
                "expectedOutput": ["note"]}]}""";
    static final String WRONG_FIELD = VALID.replace("steps.count.words", "steps.count.total");
    static final String UNKNOWN_CAPABILITY = VALID.replace("\"note.write\"", "\"note.translate\"");

    @TempDir
    static Path data;
    private static EmbeddedTestStore neo4j;

    private FlowEngine engine;
    private ModelRouter router;
    private ChatServer chat;
    private GoalChoreographer choreographer;

    @BeforeAll
    static void startStore() throws Exception {
        neo4j = new EmbeddedTestStore(data, "Plan", "ModelCall", "FlowInstance", "StepRun", "FlowEvent",
                "FlowDefinitionVersion");
    }

    @AfterAll
    static void stopStore() {
        neo4j.close();
    }

    @BeforeEach
    void start() throws Exception {
        neo4j.clear();
        engine = KernelForTests.engine(neo4j.store());
        KernelForTests.addAgent(engine, TestAgents.counter());
        KernelForTests.addAgent(engine, TestAgents.noter());
        chat = new ChatServer();
        router = LocalChat.router(neo4j.store(), Map.of(), backend());
        choreographer = new GoalChoreographer(neo4j.store(), engine, engine,
                new PlannerSettings("auto", 1, 2, ModelTier.STANDARD, Duration.ofSeconds(20), 0.35, Duration.ofSeconds(5)),
                definition -> KernelForTests.offer(engine, definition), Clock.systemUTC());
        choreographer.models = router;
        choreographer.addChatBackend(backend());
    }

    /** The chat backend on the local server: standard tier, model {@code planner-1}. */
    private OpenAiChatBackend backend() {
        return LocalChat.backend("local-test", chat.url(), ModelTier.STANDARD, "planner-1", "0/0");
    }

    @AfterEach
    void stop() throws Exception {
        LocalChat.stop(router);
        chat.close();
        KernelForTests.stop(engine);
    }

    private static Goal goal() {
        return new Goal("Count the words of this quarterly report request", Map.of("title", "Q3 report"));
    }

    @Test
    void aValidPlanIsCheckedKeptAndRunAsAFlow() throws Exception {
        chat.plans(VALID);
        Plan plan = choreographer.propose(goal(), "olga");
        assertEquals(Plan.Status.VALID, plan.status(), plan.problems().toString());
        assertEquals(Plan.Origin.MODEL, plan.origin());
        assertEquals(List.of("count", "note"), plan.steps().stream().map(s -> s.id()).toList());
        assertEquals("count the words of the goal, then note them", plan.rationale());
        assertTrue(plan.source().startsWith("model planner-1, 0 repair round(s), calls plan-request-"), plan.source());

        // the request was constrained by the plan's JSON schema, listing the registered capabilities
        var format = chat.requests.get(0).path("response_format");
        assertEquals("json_schema", format.path("type").asText());
        assertTrue(format.toString().contains("text.count") && format.toString().contains("note.write"), format.toString());
        assertTrue(chat.messages(0).contains("- title: string"), "the context's fields and types are sent");
        assertTrue(!chat.messages(0).contains("Q3 report"), "the context's values are not sent");

        Plan started = choreographer.run(plan.id(), "olga");
        assertEquals(Plan.Status.STARTED, started.status());
        assertEquals("plan-" + plan.id(), started.flowDefinitionId());
        assertEquals(FlowStatus.COMPLETED, KernelForTests.awaitEnd(engine, started.flowId()));
        StepRun note = engine.steps(started.flowId()).stream().filter(s -> s.stepId().equals("note")).findFirst()
                .orElseThrow();
        assertEquals("Q3 report: 8 words", note.output().get("note"));

        // kept in the store with its flow; the plan's definition no longer offered, the flow ran on its archived copy
        assertEquals(started, choreographer.find(plan.id()).orElseThrow());
        assertEquals(List.of(started), choreographer.plans(10));
        assertTrue(engine.definitions().stream().noneMatch(d -> d.id().startsWith("plan-")));
        assertThrows(IllegalStateException.class, () -> choreographer.run(plan.id(), "olga"), "started once only");

        // the model call is journaled under the request's key
        String requestId = plan.source().substring(plan.source().indexOf("plan-request-"));
        assertEquals(1, router.calls(requestId).size());
    }

    @Test
    void twoConcurrentRunsOfAPlanStartOneFlow() throws Exception {
        chat.plans(VALID);
        Plan plan = choreographer.propose(goal(), "olga");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Plan>> runs = pool.invokeAll(List.of(
                    () -> choreographer.run(plan.id(), "olga"), () -> choreographer.run(plan.id(), "otto")));
            int started = 0;
            for (var run : runs) {
                try {
                    assertEquals(Plan.Status.STARTED, run.get().status());
                    started++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertTrue(e.getCause() instanceof IllegalStateException, e.getCause().toString());
                }
            }
            assertEquals(1, started);
        } finally {
            pool.shutdown();
        }
        assertEquals(1, engine.list(null).stream().filter(f -> f.definitionId().equals("plan-" + plan.id())).count());
    }

    @Test
    void anInvalidPlanIsRepairedWithItsProblemsFedBack() {
        chat.plans(WRONG_FIELD, VALID);
        Plan plan = choreographer.propose(goal(), "olga");
        assertEquals(Plan.Status.VALID, plan.status(), plan.problems().toString());
        assertTrue(plan.source().contains("1 repair round(s)"), plan.source());
        assertEquals(2, chat.requests.size());
        String repair = chat.messages(1);
        assertTrue(repair.contains("step 'note' input.words: 'steps.count.total': step 'count' (agent counter) has no "
                + "output field 'total' (its output schema declares first, words)"), repair);
        assertTrue(repair.contains(WRONG_FIELD.substring(0, 40)), "the model sees its own earlier answer");
    }

    @Test
    void aPlanStillInvalidAfterItsRepairRoundsIsRejectedWithTheReasons() {
        chat.plans(UNKNOWN_CAPABILITY, UNKNOWN_CAPABILITY);
        Plan plan = choreographer.propose(goal(), "olga");
        assertEquals(Plan.Status.REJECTED, plan.status());
        assertEquals(2, chat.requests.size(), "one repair round, then no more");
        assertTrue(plan.problems().contains(new PlanProblem("note", "capability",
                "unknown capability 'note.translate'; registered: note.write, text.count")), plan.problems().toString());
        assertEquals(Plan.Status.REJECTED, choreographer.find(plan.id()).orElseThrow().status());
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> choreographer.run(plan.id(), "olga"));
        assertTrue(refused.getMessage().contains("note.translate"), refused.getMessage());
    }

    @Test
    void aGarbageAnswerIsRetriedABoundedNumberOfTimesThenRejectedClearly() {
        chat.raw("this is not JSON at all");
        Plan plan = choreographer.propose(goal(), "olga");
        assertEquals(Plan.Status.REJECTED, plan.status());
        assertEquals(2, chat.requests.size(), "model.attempts = 2");
        PlanProblem problem = plan.problems().get(0);
        assertEquals("model", problem.field());
        assertTrue(problem.reason().startsWith("the model gave no answer in 2 attempt(s): "), problem.reason());
        assertTrue(problem.reason().contains("MALFORMED"), problem.reason());
    }

    @Test
    void aContentThatIsNoPlanGoesToARepairRound() {
        chat.plans("{\"answer\": 42}", VALID);
        Plan plan = choreographer.propose(goal(), "olga");
        assertEquals(Plan.Status.VALID, plan.status(), plan.problems().toString());
        assertTrue(chat.messages(1).contains("plan answer: the answer is not an object with a 'steps' array"),
                chat.messages(1));
    }

    @Test
    void theSameRequestIsAnsweredFromTheJournalAndPaidOnce() {
        chat.plans(VALID);
        Plan first = choreographer.propose(goal(), "olga");
        Plan second = choreographer.propose(goal(), "olga");
        assertEquals(1, chat.requests.size());
        assertEquals(first.steps(), second.steps());
        assertNotNull(second.id());
        assertTrue(!first.id().equals(second.id()), "each proposal is a plan of its own");
    }
}
