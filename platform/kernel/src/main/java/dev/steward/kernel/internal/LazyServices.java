package dev.steward.kernel.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.ComponentServiceObjects;

/**
 * Services of one kind that the kernel binds by their service objects and gets on first use, not when it binds
 * them. Getting them at binding would activate them inside the kernel's own activation, and these services (the
 * memory, the outbox) reference, through their own references, services that lead back to the kernel: Felix
 * reports such a cycle as an error. Tests add services as they are.
 *
 * @param <T> the service type
 */
final class LazyServices<T> {

    /** One service: given as is, or got from its service objects when first used. */
    private static final class Bound<T> {
        private final Object key;
        private final ComponentServiceObjects<T> objects;
        private T service;

        Bound(Object key, ComponentServiceObjects<T> objects, T service) {
            this.key = key;
            this.objects = objects;
            this.service = service;
        }

        synchronized T get() {
            if (service == null) {
                try {
                    service = objects.getService();
                } catch (IllegalStateException e) { // the kernel's component is being deactivated
                    return null;
                }
            }
            return service;
        }

        synchronized void release() {
            if (objects != null && service != null) {
                try {
                    objects.ungetService(service);
                } catch (IllegalStateException e) { // the kernel's component was deactivated: SCR released it
                    // nothing left to give back
                }
                service = null;
            }
        }
    }

    private final List<Bound<T>> bound = new CopyOnWriteArrayList<>();

    void add(T service) {
        bound.add(new Bound<>(service, null, service));
    }

    void add(ComponentServiceObjects<T> objects) {
        bound.add(new Bound<>(objects, objects, null));
    }

    /** @param key the service, or the service objects it was added with */
    void remove(Object key) {
        bound.removeIf(b -> {
            if (b.key != key) {
                return false;
            }
            b.release();
            return true;
        });
    }

    /** @return the services there now, in the order they were bound (one that left or failed to activate is not) */
    List<T> get() {
        List<T> now = new ArrayList<>(bound.size());
        for (Bound<T> b : bound) {
            T service = b.get();
            if (service != null) {
                now.add(service);
            }
        }
        return now;
    }
}
