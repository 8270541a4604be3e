package dev.steward.kernel.internal;

import static dev.steward.store.testing.EmbeddedTestStore.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.steward.api.flow.AuditEvent;
import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowInput;
import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.InvalidFlowInputException;
import dev.steward.api.flow.PermanentStepFailure;
import dev.steward.api.flow.RetryPolicy;
import dev.steward.api.flow.RollbackPreview;
import dev.steward.api.flow.StepDefinition;
import dev.steward.api.flow.StepRun;
import dev.steward.api.flow.StepStatus;
import dev.steward.api.flow.StepWait;

/** Waits and signals, cancel, retry, rollback and auto-compensation, input checks and versions, on a real Neo4j. */
@Timeout(120)
class FlowOperationsIT extends EngineOnStore {

    private static final RetryPolicy ONCE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0);

    private FlowStatus end(FlowInstance flow) throws Exception {
        return engine.ending(flow.id()).get(60, TimeUnit.SECONDS);
    }

    private static StepDefinition call(String id, String capability, String compensation, String... dependsOn) {
        return new StepDefinition(id, capability, null, List.of(dependsOn), ONCE, Duration.ofSeconds(10), compensation);
    }

    private static StepDefinition waitFor(String id, StepWait wait, String... dependsOn) {
        return new StepDefinition(id, null, null, List.of(dependsOn), null, null, null, wait);
    }

    private static StepDefinition echoOf(String id, String path, String dependsOn) {
        return new StepDefinition(id, "echo", Map.of("got", path), List.of(dependsOn), ONCE, null, null);
    }

    private StepRun step(FlowInstance flow, String stepId) {
        return engine.steps(flow.id()).stream().filter(s -> s.stepId().equals(stepId)).findFirst().orElseThrow();
    }

    private List<String> auditTypes(FlowInstance flow) {
        return engine.audit(flow.id()).stream().map(AuditEvent::type).toList();
    }

    @Test
    void aSignalSentBeforeTheWaitBeginsIsKeptAndEndsItAtOnce() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        engine.register(new ScriptedAgent("slow", (r, n) -> {
            gate.await();
            return Map.of();
        }));
        ScriptedAgent echo = ScriptedAgent.echo("echo");
        engine.register(echo);
        engine.define(new FlowDefinition("approve", 1, "", List.of(call("prepare", "slow", null),
                waitFor("approval", StepWait.forSignal("approved", Duration.ofMinutes(10), null), "prepare"),
                echoOf("act", "steps.approval.by", "approval"))));

        FlowInstance flow = engine.start("approve", Map.of());
        engine.signal(flow.id(), "approved", Map.of("by", "olivia"), "olivia");
        gate.countDown();

        assertEquals(FlowStatus.COMPLETED, end(flow));
        assertEquals(Map.of("got", "olivia"), echo.calls.get(0).input());
        assertEquals(List.of("CREATED", "SIGNALLED", "STEP_SUCCEEDED", "STEP_WAITING", "STEP_SUCCEEDED", "STEP_SUCCEEDED",
                "COMPLETED"), auditTypes(flow));
        assertEquals("olivia", engine.audit(flow.id()).get(1).actor());
    }

    @Test
    void aSignalSentWhileTheFlowWaitsEndsTheWait() throws Exception {
        ScriptedAgent echo = ScriptedAgent.echo("echo");
        engine.register(echo);
        engine.define(new FlowDefinition("reply", 1, "", List.of(
                waitFor("reply", StepWait.forSignal("reply", Duration.ofMinutes(10), null)),
                echoOf("answer", "steps.reply.text", "reply"))));

        FlowInstance flow = engine.start("reply", Map.of());
        await("the flow waits", Duration.ofSeconds(20),
                () -> engine.find(flow.id()).orElseThrow().status() == FlowStatus.WAITING);
        assertEquals(StepStatus.WAITING, step(flow, "reply").status());
        assertTrue(echo.calls.isEmpty());

        engine.signal(flow.id(), "reply", Map.of("text", "yes"), "olivia");
        assertEquals(FlowStatus.COMPLETED, end(flow));
        assertEquals(Map.of("got", "yes"), echo.calls.get(0).input());
        assertThrows(IllegalStateException.class, () -> engine.signal(flow.id(), "reply", Map.of(), "olivia"));
        assertThrows(IllegalArgumentException.class, () -> engine.signal("no-such-flow", "reply", Map.of(), "olivia"));
    }

    @Test
    void aWaitThatTimesOutEndsWithItsDefaultOutcomeOrFailsWithoutOne() throws Exception {
        ScriptedAgent echo = ScriptedAgent.echo("echo");
        engine.register(echo);
        engine.define(new FlowDefinition("default", 1, "", List.of(
                waitFor("reply", StepWait.forSignal("reply", Duration.ofMillis(300), Map.of("text", "none"))),
                echoOf("answer", "steps.reply.text", "reply"))));
        engine.define(new FlowDefinition("strict", 1, "", List.of(
                waitFor("reply", StepWait.forSignal("reply", Duration.ofMillis(300), null)))));

        FlowInstance withDefault = engine.start("default", Map.of());
        FlowInstance strict = engine.start("strict", Map.of());
        assertEquals(FlowStatus.COMPLETED, end(withDefault));
        assertEquals(Map.of("got", "none"), echo.calls.get(0).input());
        assertEquals(FlowStatus.FAILED, end(strict));
        assertTrue(step(strict, "reply").error().startsWith("no signal 'reply' before"), step(strict, "reply").error());
    }

    @Test
    void aTimerKeepsItsDeadlineAcrossARestart() throws Exception {
        engine.register(ScriptedAgent.echo("echo"));
        engine.define(new FlowDefinition("later", 1, "", List.of(
                waitFor("pause", StepWait.timer(Duration.ofSeconds(2))), echoOf("then", "input.x", "pause"))));
        FlowInstance flow = engine.start("later", Map.of("x", 1));
        await("the timer is journaled", Duration.ofSeconds(20), () -> engine.steps(flow.id()).size() == 1);
        String deadline = (String) neo4j.store().read(new dev.steward.spi.store.Statement(
                "MATCH (s:StepRun {id: $id}) RETURN s.deadline AS d", Map.of("id", flow.id() + "/pause"))).get(0).get("d");
        engine.deactivate();

        engine = newEngine();
        engine.register(ScriptedAgent.echo("echo"));
        engine.define(new FlowDefinition("later", 1, "", List.of(
                waitFor("pause", StepWait.timer(Duration.ofSeconds(2))), echoOf("then", "input.x", "pause"))));
        await("the restarted engine finishes the flow", Duration.ofSeconds(30),
                () -> engine.find(flow.id()).orElseThrow().status() == FlowStatus.COMPLETED);
        StepRun pause = step(flow, "pause");
        assertTrue(!pause.finishedAt().isBefore(Instant.parse(deadline)), "the timer fired at its journaled deadline");
        assertEquals(deadline, neo4j.store().read(new dev.steward.spi.store.Statement(
                "MATCH (s:StepRun {id: $id}) RETURN s.deadline AS d", Map.of("id", flow.id() + "/pause"))).get(0).get("d"));
    }

    @Test
    void aCancelledFlowRunsNoFurtherStepAndCannotBeCancelledTwice() throws Exception {
        ScriptedAgent echo = ScriptedAgent.echo("echo");
        engine.register(echo);
        engine.define(new FlowDefinition("cancel-me", 1, "", List.of(
                waitFor("hold", StepWait.forSignal("go", Duration.ofMinutes(10), null)), echoOf("after", "input.x", "hold"))));
        FlowInstance flow = engine.start("cancel-me", Map.of());
        await("the flow waits", Duration.ofSeconds(20),
                () -> engine.find(flow.id()).orElseThrow().status() == FlowStatus.WAITING);

        assertEquals(FlowStatus.CANCELLED, engine.cancel(flow.id(), "olivia").status());
        assertEquals(FlowStatus.CANCELLED, end(flow));
        assertThrows(IllegalStateException.class, () -> engine.cancel(flow.id(), "olivia"));
        assertThrows(IllegalStateException.class, () -> engine.signal(flow.id(), "go", Map.of(), "olivia"));
        assertTrue(echo.calls.isEmpty());
        AuditEvent cancelled = engine.audit(flow.id()).stream().filter(e -> e.type().equals("CANCELLED")).findFirst().orElseThrow();
        assertEquals("olivia", cancelled.actor());
    }

    @Test
    void retryRunsTheFailedStepAgainWithItsKeyAndKeepsWhatSucceeded() throws Exception {
        ScriptedAgent first = ScriptedAgent.echo("first");
        ScriptedAgent flaky = new ScriptedAgent("flaky", (r, n) -> {
            if (n == 1) {
                throw new PermanentStepFailure("mailbox full");
            }
            return Map.of("sent", true);
        });
        engine.register(first);
        engine.register(flaky);
        engine.define(new FlowDefinition("retry-me", 1, "", List.of(call("one", "first", null), call("two", "flaky", null, "one"))));
        FlowInstance flow = engine.start("retry-me", Map.of());
        assertEquals(FlowStatus.FAILED, end(flow));

        assertEquals(FlowStatus.RUNNING, engine.retry(flow.id(), "olivia").status());
        assertEquals(FlowStatus.COMPLETED, end(flow));
        assertEquals(1, first.calls.size(), "the succeeded step is not run again");
        assertEquals(2, flaky.calls.size());
        assertEquals(flaky.calls.get(0).key(), flaky.calls.get(1).key());
        assertEquals(StepStatus.SUCCEEDED, step(flow, "two").status());
        assertTrue(auditTypes(flow).containsAll(List.of("FAILED", "RETRIED", "COMPLETED")), auditTypes(flow).toString());
        assertThrows(IllegalStateException.class, () -> engine.retry(flow.id(), "olivia"));
    }

    @Test
    void rollbackCompensatesCompletedStepsLatestFirstAndOnlyOnce() throws Exception {
        engine.register(ScriptedAgent.echo("act"));
        ScriptedAgent undo = ScriptedAgent.echo("undo");
        engine.register(undo);
        engine.define(new FlowDefinition("undoable", 1, "", List.of(call("reserve", "act", "undo"),
                call("notify", "act", null, "reserve"), call("charge", "act", "undo", "notify"))));
        FlowInstance flow = engine.start("undoable", Map.of());
        assertEquals(FlowStatus.COMPLETED, end(flow));

        assertEquals(FlowStatus.COMPENSATING, engine.rollback(flow.id(), "olivia").status());
        assertEquals(FlowStatus.COMPENSATED, end(flow));
        assertEquals(List.of("charge", "reserve"), undo.calls.stream().map(r -> r.input().get("step")).toList());
        assertEquals(List.of(flow.id() + ":charge~undo", flow.id() + ":reserve~undo"),
                undo.calls.stream().map(r -> r.key().value()).toList());
        assertEquals(StepStatus.COMPENSATED, step(flow, "charge").status());
        assertEquals(StepStatus.SUCCEEDED, step(flow, "notify").status(), "a step without compensation stays as it was");
        assertTrue(engine.rollbackPreview(flow.id()).undo().isEmpty());
        assertThrows(IllegalStateException.class, () -> engine.rollback(flow.id(), "olivia"));
        assertTrue(auditTypes(flow).containsAll(List.of("ROLLBACK_STARTED", "STEP_COMPENSATED", "COMPENSATED")));
    }

    @Test
    void theRollbackPreviewAddsWhatParticipantsSayOfTheFlowsEffects() throws Exception {
        engine.register(ScriptedAgent.echo("act"));
        engine.register(ScriptedAgent.echo("undo"));
        engine.define(new FlowDefinition("mailing", 1, "", List.of(call("reserve", "act", "undo"))));
        FlowInstance flow = engine.start("mailing", Map.of());
        assertEquals(FlowStatus.COMPLETED, end(flow));
        assertTrue(engine.rollbackPreview(flow.id()).fullyReversible());

        List<RollbackPreview.EffectUndo> effects = new java.util.concurrent.CopyOnWriteArrayList<>();
        engine.addParticipant(flowId -> flowId.equals(flow.id()) ? List.copyOf(effects) : List.of());
        effects.add(new RollbackPreview.EffectUndo(flow.id() + ":reserve#1", "booking.cancel", "reserve", "DELIVERED",
                RollbackPreview.EffectAction.COMPENSATE, "undone by connector bookings"));
        RollbackPreview preview = engine.rollbackPreview(flow.id());
        assertEquals(List.of(new RollbackPreview.Undo("reserve", "undo")), preview.undo());
        assertEquals(effects, preview.effects());
        assertTrue(preview.fullyReversible(), "an effect its connector undoes");

        effects.add(new RollbackPreview.EffectUndo(flow.id() + ":reserve#2", "mail.send", "reserve", "DELIVERED",
                RollbackPreview.EffectAction.IRREVERSIBLE, "delivered, and connector mail cannot undo it"));
        preview = engine.rollbackPreview(flow.id());
        assertEquals(2, preview.effects().size());
        assertTrue(preview.irreversible().isEmpty(), "every step has its compensation");
        assertFalse(preview.fullyReversible(), "a sent mail cannot be unsent");
    }

    @Test
    void aFailedFlowWhoseDefinitionSaysSoCompensatesByItself() throws Exception {
        engine.register(ScriptedAgent.echo("act"));
        engine.register(new ScriptedAgent("broken", (r, n) -> {
            throw new PermanentStepFailure("card declined");
        }));
        ScriptedAgent undo = ScriptedAgent.echo("undo");
        engine.register(undo);
        engine.define(new FlowDefinition("saga", 1, "", List.of(call("book", "act", "undo"), call("pay", "broken", "undo", "book")),
                List.of(), true));
        FlowInstance flow = engine.start("saga", Map.of());

        assertEquals(FlowStatus.COMPENSATED, end(flow));
        assertEquals(List.of("book"), undo.calls.stream().map(r -> r.input().get("step")).toList());
        assertEquals(StepStatus.FAILED, step(flow, "pay").status());
        assertTrue(auditTypes(flow).containsAll(List.of("FAILED", "ROLLBACK_STARTED", "COMPENSATED")));
    }

    @Test
    void inputThatDoesNotMatchTheDefinitionIsRefusedWithTheFieldAtFault() {
        engine.define(new FlowDefinition("typed", 1, "", List.of(call("a", "act", null)),
                List.of(new FlowInput("email", FlowInput.Type.STRING, true, ""),
                        new FlowInput("count", FlowInput.Type.NUMBER, false, "")), false));

        var missing = assertThrows(InvalidFlowInputException.class, () -> engine.start("typed", Map.of()));
        assertEquals("email", missing.field());
        var wrongType = assertThrows(InvalidFlowInputException.class,
                () -> engine.start("typed", Map.of("email", "a@b.c", "count", "three")));
        assertEquals("count", wrongType.field());
        assertEquals("input field 'count' must be of type number, was string", wrongType.getMessage());
        assertTrue(engine.list(null).isEmpty(), "nothing was started");
    }

    @Test
    void aNewVersionServesNewFlowsWhileARunningFlowFinishesOnItsOwn() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        engine.register(new ScriptedAgent("slow", (r, n) -> {
            gate.await();
            return Map.of();
        }));
        ScriptedAgent v1 = ScriptedAgent.echo("v1");
        ScriptedAgent v2 = ScriptedAgent.echo("v2");
        engine.register(v1);
        engine.register(v2);
        engine.define(new FlowDefinition("evolving", 1, "", List.of(call("a", "slow", null), call("b", "v1", null, "a"))));
        FlowInstance old = engine.start("evolving", Map.of());

        engine.define(new FlowDefinition("evolving", 2, "", List.of(call("a", "slow", null), call("b", "v2", null, "a"))));
        FlowInstance next = engine.start("evolving", Map.of());
        gate.countDown();

        assertEquals(FlowStatus.COMPLETED, end(old));
        assertEquals(FlowStatus.COMPLETED, end(next));
        assertEquals(1, old.definitionVersion());
        assertEquals(2, next.definitionVersion());
        assertEquals(List.of(old.id()), v1.calls.stream().map(r -> r.flowInstanceId()).toList());
        assertEquals(List.of(next.id()), v2.calls.stream().map(r -> r.flowInstanceId()).toList());
    }

    @Test
    void aFlowResumedAfterARestartRunsOnItsArchivedVersionWhenOnlyANewerOneIsProvided() throws Exception {
        ScriptedAgent v1 = ScriptedAgent.echo("v1");
        engine.register(v1);
        engine.define(new FlowDefinition("moving", 1, "", List.of(
                waitFor("hold", StepWait.forSignal("go", Duration.ofMinutes(10), null)),
                new StepDefinition("b", "v1", Map.of("x", "input.x"), List.of("hold"),
                        new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20), 2.0), Duration.ofSeconds(9), "v1")),
                List.of(new FlowInput("x", FlowInput.Type.NUMBER, true, "")), true));
        FlowInstance flow = engine.start("moving", Map.of("x", 7));
        await("the flow waits", Duration.ofSeconds(20),
                () -> engine.find(flow.id()).orElseThrow().status() == FlowStatus.WAITING);
        engine.deactivate();

        engine = newEngine();
        ScriptedAgent again = ScriptedAgent.echo("v1");
        engine.register(again);
        engine.register(ScriptedAgent.echo("v2"));
        engine.define(new FlowDefinition("moving", 2, "", List.of(call("b", "v2", null))));
        engine.signal(flow.id(), "go", Map.of(), "olivia");
        await("the flow completes on version 1", Duration.ofSeconds(30),
                () -> engine.find(flow.id()).orElseThrow().status() == FlowStatus.COMPLETED);
        assertEquals(Map.of("x", 7), again.calls.get(0).input());
        assertEquals(List.of(new dev.steward.api.flow.RollbackPreview.Undo("b", "v1")), engine.rollbackPreview(flow.id()).undo());
    }

    @Test
    void aFlowCancelledThroughAnotherNodeStopsAtItsNextJournalWriteHere() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        engine.register(new ScriptedAgent("slow", (r, n) -> {
            gate.await();
            return Map.of();
        }));
        ScriptedAgent after = ScriptedAgent.echo("echo");
        engine.register(after);
        engine.define(new FlowDefinition("far-cancel", 1, "", List.of(call("a", "slow", null), echoOf("b", "input.x", "a"))));
        FlowInstance flow = engine.start("far-cancel", Map.of());

        FlowEngine other = newEngine("node-b", Duration.ofSeconds(3));
        try {
            assertEquals(FlowStatus.CANCELLED, other.cancel(flow.id(), "olivia").status());
        } finally {
            other.deactivate();
        }
        gate.countDown();

        assertEquals(FlowStatus.CANCELLED, end(flow));
        assertTrue(after.calls.isEmpty(), "no step starts after the refused write");
        // the step's dispatch (its agent pin) may be journaled, before or after the cancel; its result is not
        List<String> steps = engine.steps(flow.id()).stream().map(s -> s.stepId() + " " + s.status()).toList();
        assertTrue(steps.isEmpty() || steps.equals(List.of("a RUNNING")), "the result of the running step is not journaled: "
                + steps);
    }
}
