package dev.steward.kernel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.steward.spi.store.StoreUnavailableException;

class UntilWrittenTest {

    @Test
    void aWriteThatSucceedsIsQueuedOnceOnTheCallersThread() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Thread caller = Thread.currentThread();
        Thread[] ranOn = new Thread[1];
        boolean applied = FlowJournal.untilWritten(() -> {
            calls.incrementAndGet();
            ranOn[0] = Thread.currentThread();
            return CompletableFuture.completedFuture(true);
        }).get(5, TimeUnit.SECONDS);
        assertTrue(applied);
        assertEquals(1, calls.get());
        assertEquals(caller, ranOn[0]);
    }

    @Test
    void aWriteRefusedByTheStoreIsRetriedUntilItIsWritten() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        boolean applied = FlowJournal.untilWritten(() -> calls.incrementAndGet() < 3
                ? CompletableFuture.failedFuture(new StoreUnavailableException("store unavailable: test"))
                : CompletableFuture.completedFuture(false)).get(30, TimeUnit.SECONDS);
        assertEquals(false, applied, "the outcome of the write that got through is kept");
        assertEquals(3, calls.get());
    }
}
