package dev.steward.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import dev.steward.api.memory.Entity;
import dev.steward.api.memory.Fact;
import dev.steward.api.memory.FactAssertion;
import dev.steward.api.memory.Provenance;
import dev.steward.model.testing.LocalModelHost;
import dev.steward.spi.store.Statement;
import dev.steward.store.testing.EmbeddedTestStore;

/**
 * Write throughput of the knowledge bank on the real store with the real local model (opt-in:
 * {@code -Dsteward.bench=true}): episodes through {@code recordEpisode}, embedded at write time by all-MiniLM-L6-v2 in
 * the model host, from one writer and from four; the bulk path (episodes written without a backend, then embedded by
 * the backfill in batches of 64); and fact upserts through {@code assertFact}, half of them single-valued
 * contradictions. Durations are printed, not asserted.
 */
@EnabledIfSystemProperty(named = "steward.bench", matches = "true")
class KnowledgeBankBenchmarkIT {

    static final Provenance MAIL = new Provenance("connector", "mail", null, null);
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    static Path data;

    @Test
    void ingestionWithEmbeddingAndFactUpserts() throws Exception {
        int episodes = Integer.getInteger("steward.bench.episodes", 1_000);
        int facts = Integer.getInteger("steward.bench.facts", 2_000);
        // the quality test's generated mailbox: a client's name, two topics and a reference code a message
        List<String> texts = new RetrievalQualityIT.Corpus(new Random(42)).docs.stream()
                .map(RetrievalQualityIT.Corpus.Doc::text).toList();
        try (EmbeddedTestStore neo4j = new EmbeddedTestStore(data.resolve("db"), "Entity", "Fact", "Episode",
                "Tombstone", "EntityResolutionLock");
                LocalModelHost host = new LocalModelHost(data.resolve("model"))) {
            Neo4jKnowledgeBank bank = new Neo4jKnowledgeBank(neo4j.store());
            bank.embedWith(host.backend());
            for (int w = 0; w < 20; w++) {
                bank.recordEpisode("turn", "warm up " + w, T0, null, MAIL, null);
            }
            neo4j.clear();

            long[] micros = new long[episodes];
            long t0 = System.nanoTime();
            for (int i = 0; i < episodes; i++) {
                long s = System.nanoTime();
                bank.recordEpisode("turn", texts.get(i % texts.size()) + " #" + i, T0.plusSeconds(i), meta(i), MAIL, null);
                micros[i] = (System.nanoTime() - s) / 1_000;
            }
            report("recordEpisode, 1 writer, embedded at write time", episodes, System.nanoTime() - t0, micros);
            assertEquals(0L, count(neo4j, "MATCH (e:Episode) WHERE e.embedPending RETURN count(e) AS n"));

            ExecutorService writers = Executors.newFixedThreadPool(4);
            AtomicInteger next = new AtomicInteger();
            long[] concurrent = new long[episodes];
            t0 = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                running.add(writers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < episodes; i = next.getAndIncrement()) {
                        long s = System.nanoTime();
                        bank.recordEpisode("turn", texts.get(i % texts.size()) + " 4w#" + i, T0.plusSeconds(i), meta(i),
                                MAIL, null);
                        concurrent[i] = (System.nanoTime() - s) / 1_000;
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            writers.shutdown();
            report("recordEpisode, 4 writers, embedded at write time", episodes, System.nanoTime() - t0, concurrent);

            bank.embedWith(null);
            long[] unembedded = new long[episodes];
            t0 = System.nanoTime();
            for (int i = 0; i < episodes; i++) {
                long s = System.nanoTime();
                bank.recordEpisode("turn", texts.get(i % texts.size()) + " bulk#" + i, T0.plusSeconds(i), meta(i), MAIL,
                        null);
                unembedded[i] = (System.nanoTime() - s) / 1_000;
            }
            long written = System.nanoTime() - t0;
            report("recordEpisode, 1 writer, no backend (embedPending)", episodes, written, unembedded);
            long b0 = System.nanoTime();
            int embedded = new EmbeddingBackfill(neo4j.store(), 64, 10_000, host.backend()).run();
            long backfill = System.nanoTime() - b0;
            assertEquals(episodes, embedded);
            System.out.printf("bench: backfill embedded %d episodes in batches of 64 in %.1f s: %.1f episodes/s; "
                    + "bulk path (write, then backfill) %.1f episodes/s%n", embedded, backfill / 1e9,
                    embedded / (backfill / 1e9), episodes / ((written + backfill) / 1e9));

            factUpserts(bank, neo4j, facts);
        }
    }

    /** Upserts alternate: a single-valued lives_in that contradicts the subject's current one, a multi-valued knows. */
    private static void factUpserts(Neo4jKnowledgeBank bank, EmbeddedTestStore neo4j, int facts) {
        List<Entity> people = new ArrayList<>();
        List<Entity> cities = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            people.add(bank.resolveEntity("person", "Person " + i, "p" + i + "@example.org", null, MAIL));
        }
        for (int i = 0; i < 10; i++) {
            cities.add(bank.resolveEntity("place", "City " + i, null, null, MAIL));
        }
        for (int w = 0; w < 50; w++) {
            bank.assertFact(new FactAssertion(people.get(w).id(), "warm_up", null, "x" + w, false, 1.0,
                    T0.minusSeconds(w), null, MAIL));
        }
        long[] micros = new long[facts];
        long t0 = System.nanoTime();
        for (int i = 0; i < facts; i++) {
            Entity subject = people.get(i % people.size());
            int round = i / people.size();
            FactAssertion a = i % 2 == 0
                    ? new FactAssertion(subject.id(), "lives_in", cities.get(round % cities.size()).id(), null, true, 1.0,
                            T0.plusSeconds(3_600L * round), null, MAIL)
                    : new FactAssertion(subject.id(), "knows", people.get((i * 7 + round) % people.size()).id(), null,
                            false, 0.9, T0.plusSeconds(3_600L * round), null, MAIL);
            long s = System.nanoTime();
            bank.assertFact(a);
            micros[i] = (System.nanoTime() - s) / 1_000;
        }
        report("assertFact (half single-valued with a contradiction, half multi-valued)", facts,
                System.nanoTime() - t0, micros);
        long[] single = new long[facts / 2];
        long[] multi = new long[facts / 2];
        long[] later = Arrays.copyOfRange(micros, facts / 2, facts);
        for (int i = 0; i + 1 < facts; i += 2) {
            single[i / 2] = micros[i];
            multi[i / 2] = micros[i + 1];
        }
        tail("assertFact, single-valued with a contradiction", single);
        tail("assertFact, multi-valued", multi);
        tail("assertFact, the second half of the calls", later);
        long retracted = count(neo4j, "MATCH (f:Fact) WHERE f.retractedAt IS NOT NULL RETURN count(f) AS n");
        List<Fact> current = bank.currentFacts(people.get(0).id(), T0.plusSeconds(3_600L * facts));
        System.out.printf("bench: %d facts retracted by contradictions; person 0 lives_in now: %d current record%n",
                retracted, current.stream().filter(f -> f.predicate().equals("lives_in")).count());
        assertEquals(1, current.stream().filter(f -> f.predicate().equals("lives_in")).count());
    }

    private static Map<String, String> meta(int i) {
        return Map.of("session", "s" + i / 20, "speaker", i % 2 == 0 ? "alice" : "bob");
    }

    private static void report(String what, int n, long nanos, long[] micros) {
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        System.out.printf("bench: %s: %d in %.1f s, %.1f/s; per call p50 %.1f ms, p95 %.1f ms, p99 %.1f ms%n", what, n,
                nanos / 1e9, n / (nanos / 1e9), sorted[n / 2] / 1000.0, sorted[n * 95 / 100] / 1000.0,
                sorted[n * 99 / 100] / 1000.0);
    }

    private static void tail(String what, long[] micros) {
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        System.out.printf("bench: %s: %d calls, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n", what, n,
                sorted[n / 2] / 1000.0, sorted[n * 95 / 100] / 1000.0, sorted[n * 99 / 100] / 1000.0,
                sorted[n - 1] / 1000.0);
    }

    private static long count(EmbeddedTestStore neo4j, String cypher) {
        return ((Number) neo4j.store().read(Statement.of(cypher)).get(0).get("n")).longValue();
    }
}
