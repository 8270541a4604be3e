package dev.steward.fabric.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import dev.steward.store.testing.EmbeddedTestStore;

/**
 * The durable idempotent repository's cost (opt-in: {@code -Dsteward.bench=true}; operations per round
 * {@code -Dsteward.bench.ops}, default 2,000), on the embedded Neo4j server the platform starts: latency of
 * {@code add} of a new key, {@code add} of a known key (the duplicate answer), {@code contains}, and a message through
 * a Camel idempotent consumer route; then throughput of adds of new keys from 1, 4 and 8 threads.
 */
@EnabledIfSystemProperty(named = "steward.bench", matches = "true")
class IdempotentRepositoryBenchmarkIT {

    @TempDir
    static Path data;

    @Test
    void checkAndAdd() throws Exception {
        int ops = Integer.getInteger("steward.bench.ops", 2_000);
        try (EmbeddedTestStore store = new EmbeddedTestStore(data, "IdempotencyKey")) {
            Neo4jIdempotentRepository repo = new Neo4jIdempotentRepository(store.store(), "bench", Duration.ofDays(30),
                    Clock.systemUTC());
            CamelContext camel = new DefaultCamelContext();
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:in").idempotentConsumer(header("id"), repo).setBody(constant("done"));
                }
            });
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            AtomicInteger next = new AtomicInteger();
            for (int round = 1; round <= 3; round++) {
                double[] added = time(ops, () -> repo.add("k" + next.incrementAndGet()));
                double[] known = time(ops, () -> repo.add("k1"));
                double[] contains = time(ops, () -> repo.contains("k" + (1 + next.get() / 2)));
                double[] routed = time(ops, () -> template.sendBodyAndHeader("direct:in", "x", "id", "m" + next.incrementAndGet()));
                System.out.printf("bench: round %d, %d ops each: add new key p50 %.3f ms p99 %.3f ms; add known key p50 %.3f ms"
                        + " p99 %.3f ms; contains p50 %.3f ms p99 %.3f ms; message through an idempotent consumer p50 %.3f ms"
                        + " p99 %.3f ms%n", round, ops, added[0], added[1], known[0], known[1], contains[0], contains[1],
                        routed[0], routed[1]);
            }
            for (int threads : new int[] {1, 4, 8}) {
                int perThread = ops;
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                List<Callable<Integer>> work = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    work.add(() -> {
                        int fresh = 0;
                        for (int i = 0; i < perThread; i++) {
                            fresh += repo.add("t" + next.incrementAndGet()) ? 1 : 0;
                        }
                        return fresh;
                    });
                }
                long t0 = System.nanoTime();
                int total = 0;
                for (Future<Integer> f : pool.invokeAll(work)) {
                    total += f.get();
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                pool.shutdown();
                assertEquals(threads * perThread, total);
                System.out.printf("bench: %d thread(s), %d adds of new keys in %.2f s: %.0f adds/s%n", threads, total,
                        seconds, total / seconds);
            }
            camel.close();
        }
    }

    private interface Op {
        void run() throws Exception;
    }

    /** p50 and p99 in milliseconds of {@code ops} calls, after 200 unmeasured ones. */
    private static double[] time(int ops, Op op) throws Exception {
        for (int i = 0; i < 200; i++) {
            op.run();
        }
        double[] ms = new double[ops];
        for (int i = 0; i < ops; i++) {
            long t = System.nanoTime();
            op.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[ops / 2], ms[(int) Math.ceil(ops * 0.99) - 1]};
    }
}
