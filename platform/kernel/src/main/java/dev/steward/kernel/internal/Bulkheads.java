package dev.steward.kernel.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** One bounded pool of threads per capability, so that a slow or hanging plugin cannot starve the others. */
final class Bulkheads {

    private final int threads;
    private final Map<String, ExecutorService> pools = new ConcurrentHashMap<>();

    Bulkheads(int threads) {
        this.threads = threads;
    }

    ExecutorService of(String capability) {
        return pools.computeIfAbsent(capability, c -> Executors.newFixedThreadPool(threads, named(c)));
    }

    void close() {
        pools.values().forEach(ExecutorService::shutdownNow);
        for (ExecutorService pool : pools.values()) {
            try {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static ThreadFactory named(String capability) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "steward-step-" + capability + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
