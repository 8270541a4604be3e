package dev.steward.kernel.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import org.osgi.service.component.ComponentServiceObjects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.spi.flow.FlowListener;

/**
 * The flow listeners (the memory, the outbox), told of a flow's rollback and end off the flow's path, on one thread
 * so that the notices of one flow keep their order. A listener that throws is logged and the others are still told.
 *
 * <p>A listener bound by Declarative Services is got on its first notice, not when it is bound. Getting it at
 * binding would activate it inside the engine's own activation, and the listeners reference, through the memory's
 * and the outbox's own references, services that lead back to the engine: Felix reports such a cycle as an error.
 */
final class FlowListeners {

    private static final Logger LOG = LoggerFactory.getLogger(FlowListeners.class);

    /** One listener: either given as is, or got from its service objects when first told. */
    private static final class Bound {
        private final Object key;
        private final ComponentServiceObjects<FlowListener> objects;
        private FlowListener listener;

        Bound(Object key, ComponentServiceObjects<FlowListener> objects, FlowListener listener) {
            this.key = key;
            this.objects = objects;
            this.listener = listener;
        }

        synchronized FlowListener get() {
            if (listener == null) {
                listener = objects.getService();
            }
            return listener;
        }

        synchronized void release() {
            if (objects != null && listener != null) {
                objects.ungetService(listener);
                listener = null;
            }
        }
    }

    private final List<Bound> bound = new CopyOnWriteArrayList<>();
    private final Executor executor;

    /** @param executor the single thread the notices run on, in order */
    FlowListeners(Executor executor) {
        this.executor = executor;
    }

    void add(FlowListener listener) {
        bound.add(new Bound(listener, null, listener));
    }

    void add(ComponentServiceObjects<FlowListener> objects) {
        bound.add(new Bound(objects, objects, null));
    }

    /** @param key the listener, or the service objects it was added with */
    void remove(Object key) {
        bound.removeIf(b -> {
            if (b.key != key) {
                return false;
            }
            b.release();
            return true;
        });
    }

    /** Tells every listener, in order, on the notices' thread; nobody when the kernel is stopping (logged). */
    void tell(String flowId, String what, Consumer<FlowListener> notice) {
        try {
            executor.execute(() -> bound.forEach(b -> tell(b, flowId, what, notice)));
        } catch (RejectedExecutionException e) {
            LOG.warn("Flow listeners not told of the {} of flow {}: the kernel is stopping", what, flowId);
        }
    }

    private static void tell(Bound bound, String flowId, String what, Consumer<FlowListener> notice) {
        FlowListener listener = null;
        try {
            listener = bound.get();
            if (listener != null) { // null: the service left before its first notice
                notice.accept(listener);
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Flow listener {} failed on the {} of flow {}: {}",
                    listener == null ? bound.key : listener.getClass().getName(), what, flowId, e.toString());
        }
    }
}
