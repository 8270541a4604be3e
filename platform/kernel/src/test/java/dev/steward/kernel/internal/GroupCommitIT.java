package dev.steward.kernel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowStatus;
import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;
import dev.steward.spi.store.StoreInfo;

/** The group commit against a real Neo4j: a batch of several kinds is one statement, applied in the order of the kinds. */
class GroupCommitIT extends EngineOnStore {

    @Test
    @Timeout(60)
    void aBatchOfSeveralKindsCommitsInOneStatementAndReportsWhatItRefused() throws Exception {
        HeldStore held = new HeldStore(neo4j.store());
        Instant now = Instant.now();
        try (GroupCommit commits = new GroupCommit(held, 256, 1)) {
            FlowJournal mine = new FlowJournal(held, commits, "journal-x");
            FlowJournal other = new FlowJournal(held, commits, "journal-y");
            // the first entry is taken alone and held in the store, so that the next ones queue up as one batch
            CompletableFuture<Boolean> first = mine.flowCreated(flow("f0", now), now.plusSeconds(60));
            assertTrue(held.entered.await(10, TimeUnit.SECONDS));
            CompletableFuture<Boolean> created = mine.flowCreated(flow("f1", now), now.plusSeconds(60));
            CompletableFuture<Boolean> step = mine.stepFinished("f1", FlowJournal.StepRecord.finished("s1", true,
                    Map.of("n", 1), "", 1, "f1:s1", now, now), FlowStatus.RUNNING, null, List.of(), null, List.of());
            CompletableFuture<Boolean> notHeld = other.stepFinished("f0", FlowJournal.StepRecord.finished("s1", true,
                    Map.of(), "", 1, "f0:s1", now, now), FlowStatus.RUNNING, null, List.of(), null, List.of());
            held.release.countDown();

            assertTrue(first.get(10, TimeUnit.SECONDS));
            assertTrue(created.get(10, TimeUnit.SECONDS), "flow created in the batch");
            assertTrue(step.get(10, TimeUnit.SECONDS), "its step, written after it in the same statement");
            assertFalse(notHeld.get(10, TimeUnit.SECONDS), "a step of a flow this node does not hold is refused");
            assertEquals(2, held.statements.get(), "one statement for the first entry, one for the batch of three");
            assertEquals(2, commits.commits());
        }
        List<Map<String, Object>> steps = neo4j.store().read(new Statement(
                "MATCH (f:FlowInstance)-[:HAS_STEP]->(s:StepRun) RETURN f.id AS flow, s.stepId AS step, s.output AS output",
                Map.of()));
        assertEquals(List.of(Map.of("flow", "f1", "step", "s1", "output", "{\"n\":1}")), steps);
    }

    private static FlowInstance flow(String id, Instant now) {
        return new FlowInstance(id, "batch", 1, FlowStatus.RUNNING, now, now, Map.of());
    }

    /** The platform's store, holding its first journal transaction until released, and counting statements. */
    private static final class HeldStore implements GraphStore {
        private final GraphStore store;
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final AtomicInteger statements = new AtomicInteger();

        HeldStore(GraphStore store) {
            this.store = store;
        }

        @Override
        public StoreInfo info() {
            return store.info();
        }

        @Override
        public List<Map<String, Object>> read(Statement statement) {
            return store.read(statement);
        }

        @Override
        public List<Map<String, Object>> write(Statement statement) {
            return store.write(statement);
        }

        @Override
        public void writeAll(List<Statement> list) {
            store.writeAll(list);
        }

        @Override
        public List<List<Map<String, Object>>> writeAllReturning(List<Statement> list) {
            statements.addAndGet(list.size());
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return store.writeAllReturning(list);
        }
    }
}
