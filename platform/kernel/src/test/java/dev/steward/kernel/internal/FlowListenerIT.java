package dev.steward.kernel.internal;

import static dev.steward.store.testing.EmbeddedTestStore.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.PermanentStepFailure;
import dev.steward.api.flow.RetryPolicy;
import dev.steward.api.flow.StepDefinition;
import dev.steward.api.flow.StepWait;
import dev.steward.spi.flow.FlowListener;

/**
 * Flow listeners hear {@code ended} once for every final status a flow reaches (completed, failed, cancelled,
 * compensated) and {@code rolledBack} before the end of a rollback, even when another listener throws; real Neo4j.
 */
@Timeout(120)
class FlowListenerIT extends EngineOnStore {

    private static final RetryPolicy ONCE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0);

    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final AtomicInteger thrown = new AtomicInteger();

    /** Throws on every notice: the listener registered after it must hear everything all the same. */
    private final FlowListener broken = new FlowListener() {
        @Override
        public void rolledBack(String flowId) {
            thrown.incrementAndGet();
            throw new IllegalStateException("broken listener");
        }

        @Override
        public void ended(String flowId, FlowStatus status) {
            thrown.incrementAndGet();
            throw new IllegalStateException("broken listener");
        }
    };

    private final FlowListener recording = new FlowListener() {
        @Override
        public void rolledBack(String flowId) {
            heard.add(flowId + " rolledBack");
        }

        @Override
        public void ended(String flowId, FlowStatus status) {
            heard.add(flowId + " ended " + status);
        }
    };

    @BeforeEach
    void listen() {
        engine.addFlowListener(broken);
        engine.addFlowListener(recording);
        engine.register(ScriptedAgent.echo("act"));
        engine.register(ScriptedAgent.echo("undo"));
        engine.register(new ScriptedAgent("broken", (r, n) -> {
            throw new PermanentStepFailure("card declined");
        }));
        engine.define(new FlowDefinition("tick", 1, "", List.of(call("one", "act", null))));
    }

    private static StepDefinition call(String id, String capability, String compensation, String... dependsOn) {
        return new StepDefinition(id, capability, null, List.of(dependsOn), ONCE, Duration.ofSeconds(10), compensation);
    }

    private FlowStatus end(FlowInstance flow) throws Exception {
        return engine.ending(flow.id()).get(60, TimeUnit.SECONDS);
    }

    /**
     * The notices heard, once a flow started after everything else has been heard to end: notices are told in
     * order, so a second notice of an earlier end would be among them.
     */
    private List<String> settled() throws Exception {
        FlowInstance tick = engine.start("tick", Map.of());
        assertEquals(FlowStatus.COMPLETED, end(tick));
        await("the last flow's end is heard", Duration.ofSeconds(20), () -> heard.contains(tick.id() + " ended COMPLETED"));
        assertEquals(1, heard.stream().filter(n -> n.startsWith(tick.id())).count());
        return heard.stream().filter(n -> !n.startsWith(tick.id())).toList();
    }

    @Test
    void completedFailedAndCancelledFlowsAreEachHeardToEndOnce() throws Exception {
        engine.define(new FlowDefinition("plain", 1, "", List.of(call("one", "act", null))));
        engine.define(new FlowDefinition("doomed", 1, "", List.of(call("one", "act", null), call("two", "broken", null, "one"))));
        engine.define(new FlowDefinition("held", 1, "", List.of(new StepDefinition("hold", null, null, List.of(), null, null,
                null, StepWait.forSignal("go", Duration.ofMinutes(10), null)))));

        FlowInstance completed = engine.start("plain", Map.of());
        assertEquals(FlowStatus.COMPLETED, end(completed));
        FlowInstance failed = engine.start("doomed", Map.of());
        assertEquals(FlowStatus.FAILED, end(failed));
        FlowInstance cancelled = engine.start("held", Map.of());
        await("the flow waits", Duration.ofSeconds(20),
                () -> engine.find(cancelled.id()).orElseThrow().status() == FlowStatus.WAITING);
        engine.cancel(cancelled.id(), "olivia");

        List<String> notices = settled();
        assertEquals(List.of(completed.id() + " ended COMPLETED", failed.id() + " ended FAILED",
                cancelled.id() + " ended CANCELLED"), notices);
        assertTrue(thrown.get() >= 4, "the broken listener was called too, and did not stop the others");
    }

    @Test
    void aFlowThatCompensatesItselfIsHeardRolledBackThenEndedCompensatedOnly() throws Exception {
        engine.define(new FlowDefinition("saga", 1, "", List.of(call("book", "act", "undo"), call("pay", "broken", "undo", "book")),
                List.of(), true));
        FlowInstance flow = engine.start("saga", Map.of());
        assertEquals(FlowStatus.COMPENSATED, end(flow));

        assertEquals(List.of(flow.id() + " rolledBack", flow.id() + " ended COMPENSATED"), settled(),
                "the failure that started the rollback is not an end: the flow went on to COMPENSATING");
    }

    @Test
    void aCompletedFlowRolledBackEndsAnewAsCompensated() throws Exception {
        engine.define(new FlowDefinition("undoable", 1, "", List.of(call("reserve", "act", "undo"))));
        FlowInstance flow = engine.start("undoable", Map.of());
        assertEquals(FlowStatus.COMPLETED, end(flow));
        await("the end is heard", Duration.ofSeconds(20), () -> heard.contains(flow.id() + " ended COMPLETED"));

        engine.rollback(flow.id(), "olivia");
        assertEquals(FlowStatus.COMPENSATED, end(flow));

        assertEquals(List.of(flow.id() + " ended COMPLETED", flow.id() + " rolledBack", flow.id() + " ended COMPENSATED"),
                settled());
    }

    @Test
    void aRetriedFlowEndsOnceForEachRun() throws Exception {
        ScriptedAgent flaky = new ScriptedAgent("flaky", (r, n) -> {
            if (n == 1) {
                throw new PermanentStepFailure("mailbox full");
            }
            return Map.of("sent", true);
        });
        engine.register(flaky);
        engine.define(new FlowDefinition("retry-me", 1, "", List.of(call("send", "flaky", null))));
        FlowInstance flow = engine.start("retry-me", Map.of());
        assertEquals(FlowStatus.FAILED, end(flow));
        await("the failure is heard", Duration.ofSeconds(20), () -> heard.contains(flow.id() + " ended FAILED"));

        engine.retry(flow.id(), "olivia");
        assertEquals(FlowStatus.COMPLETED, end(flow));

        assertEquals(List.of(flow.id() + " ended FAILED", flow.id() + " ended COMPLETED"), settled());
    }
}
