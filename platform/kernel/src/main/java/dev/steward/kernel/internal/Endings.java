package dev.steward.kernel.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import dev.steward.api.flow.FlowStatus;

/**
 * Where the flows this node runs or rolls back end: futures that complete with a flow's final status, and the hook
 * told of every end (the kernel's flow listeners hear it from there).
 */
final class Endings {

    private final Map<String, CompletableFuture<FlowStatus>> tracked = new HashMap<>();
    private volatile BiConsumer<String, FlowStatus> onEnded = (flowId, status) -> { };

    /** Whom to tell once a flow has reached a final status here (after its journal write). */
    void onEnded(BiConsumer<String, FlowStatus> listener) {
        this.onEnded = listener;
    }

    synchronized void track(String flowId) {
        tracked.computeIfAbsent(flowId, id -> new CompletableFuture<>());
    }

    /** A flow reached a final status, journaled: its waiters and the hook are told. */
    void finish(String flowId, FlowStatus status) {
        CompletableFuture<FlowStatus> f;
        synchronized (this) {
            f = tracked.remove(flowId);
        }
        onEnded.accept(flowId, status);
        if (f != null) {
            f.complete(status);
        }
    }

    /** Stops tracking without an outcome (the flow runs elsewhere now): waiters see its journaled status. */
    synchronized void drop(String flowId, Supplier<FlowStatus> journaled) {
        CompletableFuture<FlowStatus> f = tracked.remove(flowId);
        if (f != null) {
            f.complete(journaled.get());
        }
    }

    synchronized CompletableFuture<FlowStatus> of(String flowId, Supplier<FlowStatus> journaled) {
        CompletableFuture<FlowStatus> f = tracked.get(flowId);
        return f != null ? f : CompletableFuture.completedFuture(journaled.get());
    }
}
