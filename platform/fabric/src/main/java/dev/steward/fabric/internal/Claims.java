package dev.steward.fabric.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Hands out the outbox's due work: each due effect is claimed in the store (so that no other deliverer acts on it)
 * and handed to a worker, at most once at a time per key on this node.
 */
final class Claims {

    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Executor workers;

    Claims(Executor workers) {
        this.workers = workers;
    }

    /**
     * @param due the effects due, as read
     * @param claim claims one by key; empty when someone else did first or it is no longer due
     * @param work what a worker does with a claimed effect
     */
    void handOut(List<Map<String, Object>> due, Function<String, Optional<Map<String, Object>>> claim,
            Consumer<Map<String, Object>> work) {
        for (Map<String, Object> effect : due) {
            String key = (String) effect.get("key");
            if (!inFlight.add(key)) {
                continue;
            }
            Optional<Map<String, Object>> claimed = claim.apply(key);
            if (claimed.isEmpty()) {
                inFlight.remove(key);
                continue;
            }
            workers.execute(() -> {
                try {
                    work.accept(claimed.get());
                } finally {
                    inFlight.remove(key);
                }
            });
        }
    }
}
