package dev.steward.kernel.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.steward.api.flow.FlowStatus;

/** Futures that complete with a flow's final status, for the flows this node runs or rolls back. */
final class Endings {

    private final Map<String, CompletableFuture<FlowStatus>> tracked = new HashMap<>();

    synchronized void track(String flowId) {
        tracked.computeIfAbsent(flowId, id -> new CompletableFuture<>());
    }

    synchronized void finish(String flowId, FlowStatus status) {
        CompletableFuture<FlowStatus> f = tracked.remove(flowId);
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
