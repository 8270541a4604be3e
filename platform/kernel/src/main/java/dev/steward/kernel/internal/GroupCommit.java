package dev.steward.kernel.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;
import dev.steward.spi.store.StoreUnavailableException;

/**
 * Writes journal entries from all running flows in shared transactions (group commit): one writer thread
 * takes whatever has queued up, writes it in one statement (one transaction, one round trip), and completes
 * every entry's future once that transaction has committed. Under load, many step completions share one
 * commit; alone, an entry is written at once.
 */
final class GroupCommit implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private record Pending(JournalEntry entry, CompletableFuture<Boolean> done) {
    }

    private static final long JOURNAL_WAIT_SECONDS = 30;

    private final GraphStore store;
    private final int maxBatch;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    // what waits for a commit (the next step of a flow, say) runs here, not on a writer, which goes on writing
    private final ExecutorService completions = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "steward-journal-done");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean running = true;
    private final LongAdder commits = new LongAdder();
    private final LongAdder entries = new LongAdder();
    private final LongAdder commitNanos = new LongAdder();

    /**
     * With several writers, batches commit in parallel; entries of one flow still commit in order, because the
     * kernel queues a flow's next entry only after its previous one committed.
     */
    GroupCommit(GraphStore store, int maxBatch, int writerCount) {
        this.store = store;
        this.maxBatch = maxBatch;
        for (int i = 0; i < writerCount; i++) {
            Thread writer = new Thread(this::writeLoop, "steward-journal-" + i);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
    }

    /**
     * Queues the entry; the future completes once its transaction committed, with whether the entry was
     * applied (false: its flow is no longer held by this node, or no longer in the state the entry belongs to),
     * or fails with the store's error.
     */
    CompletableFuture<Boolean> write(JournalEntry entry) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("journal closed"));
            return done;
        }
        queue.add(new Pending(entry, done));
        return done;
    }

    /** Waits for a journal write done synchronously (a flow's creation); the store's refusal as StoreUnavailableException. */
    static void await(Future<?> written, String what) {
        try {
            written.get(JOURNAL_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new StoreUnavailableException(what + ", the journal refused it: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StoreUnavailableException(what + ": the journal did not answer in " + JOURNAL_WAIT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException(what + ": interrupted", e);
        }
    }

    long commits() {
        return commits.sum();
    }

    long entries() {
        return entries.sum();
    }

    /** Mean time of one journal transaction, in microseconds: where a step's durability cost goes. */
    long meanCommitMicros() {
        long c = commits.sum();
        return c == 0 ? 0 : commitNanos.sum() / c / 1000;
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending> batch) {
        Map<JournalEntry.Kind, List<Map<String, Object>>> rows = new EnumMap<>(JournalEntry.Kind.class);
        for (Pending p : batch) {
            rows.computeIfAbsent(p.entry().kind(), k -> new ArrayList<>()).add(p.entry().row());
        }
        Statement statement = statement(rows);
        try {
            long t0 = System.nanoTime();
            List<Map<String, Object>> results = store.writeAllReturning(List.of(statement)).get(0);
            commitNanos.add(System.nanoTime() - t0);
            commits.increment();
            entries.add(batch.size());
            Set<Object> applied = new HashSet<>();
            results.forEach(r -> {
                if (r.containsKey("entries")) {
                    applied.addAll((List<?>) r.get("entries"));
                } else {
                    applied.add(r.get("entry"));
                }
            });
            List<Pending> committed = List.copyOf(batch);
            completions.execute(() -> committed.forEach(p -> p.done().complete(applied.contains(p.entry().key()))));
        } catch (RuntimeException e) {
            LOG.debug("Journal batch of {} entries not written: {}", batch.size(), e.getMessage());
            List<Pending> failed = List.copyOf(batch);
            completions.execute(() -> failed.forEach(p -> p.done().completeExceptionally(e)));
        }
    }

    /**
     * The whole batch as one statement, so that it commits in one round trip to the store: each kind present
     * is a subquery over its rows, in the order of the kinds (a flow is created before its steps are written),
     * and the statement returns the keys of every entry applied (a batch of one kind is its plain statement,
     * which returns them a row each).
     */
    static Statement statement(Map<JournalEntry.Kind, List<Map<String, Object>>> rows) {
        if (rows.size() == 1) {
            Map.Entry<JournalEntry.Kind, List<Map<String, Object>>> only = rows.entrySet().iterator().next();
            return new Statement(only.getKey().cypher, Map.of("rows", only.getValue()));
        }
        StringBuilder cypher = new StringBuilder();
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> collected = new ArrayList<>();
        for (Map.Entry<JournalEntry.Kind, List<Map<String, Object>>> kind : rows.entrySet()) {
            String name = "rows" + collected.size();
            String carried = collected.isEmpty() ? "" : String.join(", ", collected) + ", ";
            collected.add("e" + collected.size());
            cypher.append("CALL { ").append(kind.getKey().cypher.replace("$rows", "$" + name)).append(" } ")
                    .append("WITH ").append(carried).append("collect(entry) AS ").append(collected.get(collected.size() - 1))
                    .append(' ');
            params.put(name, kind.getValue());
        }
        cypher.append("RETURN ").append(String.join(" + ", collected)).append(" AS entries");
        return new Statement(cypher.toString(), params);
    }

    @Override
    public void close() {
        running = false;
        try {
            for (Thread writer : writers) {
                writer.join(5000);
            }
            completions.shutdown();
            completions.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
