package dev.steward.kernel.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.spi.flow.FlowListener;

/**
 * The flow listeners (the memory, the outbox), told of a flow's rollback and end off the flow's path, on one thread
 * so that the notices of one flow keep their order. A listener that throws is logged and the others are still told.
 * Each is got on its first notice ({@link LazyServices}).
 */
final class FlowListeners {

    private static final Logger LOG = LoggerFactory.getLogger(FlowListeners.class);

    private final LazyServices<FlowListener> listeners;
    private final Executor executor;

    /**
     * @param listeners the listeners bound
     * @param executor the single thread the notices run on, in order
     */
    FlowListeners(LazyServices<FlowListener> listeners, Executor executor) {
        this.listeners = listeners;
        this.executor = executor;
    }

    /** Tells every listener, in order, on the notices' thread; nobody when the kernel is stopping (logged). */
    void tell(String flowId, String what, Consumer<FlowListener> notice) {
        try {
            executor.execute(() -> listeners.get().forEach(l -> tell(l, flowId, what, notice)));
        } catch (RejectedExecutionException e) {
            LOG.warn("Flow listeners not told of the {} of flow {}: the kernel is stopping", what, flowId);
        }
    }

    private static void tell(FlowListener listener, String flowId, String what, Consumer<FlowListener> notice) {
        try {
            notice.accept(listener);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Flow listener {} failed on the {} of flow {}: {}", listener.getClass().getName(), what, flowId,
                    e.toString());
        }
    }
}
