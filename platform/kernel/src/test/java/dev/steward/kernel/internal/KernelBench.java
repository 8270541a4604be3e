package dev.steward.kernel.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.steward.store.testing.EmbeddedTestStore;
import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentRequest;
import dev.steward.api.agent.AgentResult;
import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.IdempotencyKey;
import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.RetryPolicy;
import dev.steward.api.flow.StepDefinition;
import dev.steward.api.policy.PolicyDecision;
import dev.steward.api.policy.PolicyRuling;
import dev.steward.api.policy.PolicySubject;
import dev.steward.spi.agent.Agent;
import dev.steward.spi.policy.Policy;

/**
 * Benchmark of durable step overhead: 3-step flows of no-op steps, journaled in a real (embedded) Neo4j,
 * run by 1 and by 8 concurrent clients. Prints per-flow latency percentiles and journaled steps per second.
 * Run it with the command in docs/benchmarks.md.
 */
public final class KernelBench {

    /** The no-op agent: records when each step was called (by idempotency key), nothing else. */
    private static final StampingAgent CALLS = new StampingAgent("noop");

    private static final int WARM_UP_ROUNDS = 5;

    private KernelBench() {
    }

    public static void main(String[] args) throws Exception {
        int flows = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path data = Files.createTempDirectory("steward-kernel-bench");
        try (EmbeddedTestStore neo4j = new EmbeddedTestStore(data, "FlowInstance", "StepRun")) {
            baseline(neo4j);
            journalOnly(neo4j);
            FlowEngine engine = new FlowEngine(neo4j.store(), KernelSettings.defaults("bench"));
            engine.register(CALLS);
            List<StepDefinition> steps = new ArrayList<>();
            for (String id : new String[] {"s1", "s2", "s3"}) {
                steps.add(new StepDefinition(id, "noop", Map.of(), steps.isEmpty() ? List.of() : List.of(steps.get(steps.size() - 1).id()),
                        RetryPolicy.none(), Duration.ofSeconds(30), null));
            }
            engine.define(new FlowDefinition("bench", 1, "3 no-op steps", steps));
            // warm-up: both JVMs (this one and the store's) compile the hot paths before anything is measured
            System.out.println("warm-up:");
            for (int i = 0; i < WARM_UP_ROUNDS; i++) {
                run(engine, 8, 2 * flows);
                run(engine, 1, flows);
            }
            System.out.println("measured:");
            for (int round = 0; round < rounds; round++) {
                for (int clients : new int[] {1, 8}) {
                    run(engine, clients, flows);
                }
            }
            approvalLatency(engine);
            engine.deactivate();
            policyOverhead();
            baseline(neo4j); // again, warm
            journalOnly(neo4j);
        }
    }

    private static void run(FlowEngine engine, int clients, int flows) throws Exception {
        long[] latencies = new long[flows];
        long[] creations = new long[flows];
        long[] steps = new long[3 * flows];
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch done = new CountDownLatch(flows);
        long commitsBefore = Long.parseLong(engine.health().details().get("journalCommits"));
        long t0 = System.nanoTime();
        for (int i = 0; i < flows; i++) {
            int n = i;
            pool.execute(() -> {
                long s = System.nanoTime();
                String id = engine.start("bench", Map.of("n", n)).id();
                awaitCompleted(engine, id);
                long end = System.nanoTime();
                latencies[n] = end - s;
                // a step's cycle: from its call to the next step's call (or the flow's end), through its journal commit
                long s1 = CALLS.calledAt(id, "s1");
                long s2 = CALLS.calledAt(id, "s2");
                long s3 = CALLS.calledAt(id, "s3");
                creations[n] = s1 - s;
                steps[3 * n] = s2 - s1;
                steps[3 * n + 1] = s3 - s2;
                steps[3 * n + 2] = end - s3;
                done.countDown();
            });
        }
        done.await(10, TimeUnit.MINUTES);
        long elapsed = System.nanoTime() - t0;
        pool.shutdown();
        long commits = Long.parseLong(engine.health().details().get("journalCommits")) - commitsBefore;
        Arrays.sort(latencies);
        Arrays.sort(creations);
        Arrays.sort(steps);
        double seconds = elapsed / 1e9;
        System.out.printf("clients=%d flows=%d  step p50=%.2f ms p99=%.2f ms  steps/s=%.0f  |  flow p50=%.2f ms p99=%.2f ms "
                        + "(start to first step p50=%.2f ms)  flows/s=%.0f  journal commits=%d (%.1f entries per commit)%n",
                clients, flows, ms(steps, 0.50), ms(steps, 0.99), 3 * flows / seconds, ms(latencies, 0.50),
                ms(latencies, 0.99), ms(creations, 0.50), flows / seconds, commits,
                commits == 0 ? 0.0 : (4.0 * flows) / commits);
        CALLS.clear();
    }

    /**
     * The journal alone, without the engine: sequential flow-created and step-finished entries through the group
     * commit, each waited for; the difference to a flow's step latency is what the engine itself adds.
     */
    private static void journalOnly(EmbeddedTestStore neo4j) {
        int n = 300;
        GroupCommit commits = new GroupCommit(neo4j.store(), 256, 1);
        FlowJournal journal = new FlowJournal(neo4j.store(), commits, "bench-journal");
        long[] created = new long[n];
        long[] finished = new long[n];
        java.time.Instant now = java.time.Instant.now();
        for (int i = 0; i < n; i++) {
            FlowInstance flow = new FlowInstance(java.util.UUID.randomUUID().toString(), "journal", 1, FlowStatus.RUNNING,
                    now, now, Map.of("n", i));
            long t0 = System.nanoTime();
            journal.flowCreated(flow, now.plusSeconds(60)).join();
            long t1 = System.nanoTime();
            journal.stepFinished(flow.id(), FlowJournal.StepRecord.finished("s1", true, Map.of("ok", true), "", 1,
                    flow.id() + ":s1", now, now), FlowStatus.RUNNING, null, List.of(), null, List.of()).join();
            long t2 = System.nanoTime();
            created[i] = t1 - t0;
            finished[i] = t2 - t1;
        }
        commits.close();
        Arrays.sort(created);
        Arrays.sort(finished);
        System.out.printf("journal only (%d sequential, through the group commit): flow created p50=%.2f ms p99=%.2f ms; "
                + "step finished p50=%.2f ms p99=%.2f ms%n", n, ms(created, 0.5), ms(created, 0.99), ms(finished, 0.5),
                ms(finished, 0.99));
    }

    /**
     * From an operator's approval ({@code FlowService.approve}) to the held step's agent being called: 200 flows
     * of one step that a policy holds, approved one after the other once held, after 100 such flows to warm up.
     */
    private static void approvalLatency(FlowEngine engine) throws Exception {
        StampingAgent gated = new StampingAgent("gated");
        engine.register(gated);
        engine.register(new BenchGate(), 0);
        engine.define(new FlowDefinition("gated", 1, "one held step", List.of(new StepDefinition("s", "gated", Map.of(),
                List.of(), RetryPolicy.none(), Duration.ofSeconds(30), null))));
        int warmUp = 100;
        int n = 200;
        long[] latencies = new long[n];
        for (int i = -warmUp; i < n; i++) {
            String id = engine.start("gated", Map.of("n", i)).id();
            while (engine.find(id).orElseThrow().status() != FlowStatus.WAITING) {
                Thread.sleep(1);
            }
            long t0 = System.nanoTime();
            engine.approve(id, "s", null, "bench");
            awaitCompleted(engine, id);
            if (i >= 0) {
                latencies[i] = gated.calledAt(id, "s") - t0;
            }
        }
        Arrays.sort(latencies);
        System.out.printf("approval to step running (%d flows, sequential, after a warm-up): p50=%.2f ms p99=%.2f ms max=%.2f ms%n", n,
                ms(latencies, 0.5), ms(latencies, 0.99), latencies[n - 1] / 1e6);
    }

    /** Holds every step of capability "gated" for approval. */
    private static final class BenchGate implements Policy {
        @Override
        public String id() {
            return "bench-gate";
        }

        @Override
        public String version() {
            return "1";
        }

        @Override
        public PolicyDecision evaluate(PolicySubject subject) {
            return subject.capability().equals("gated") ? PolicyDecision.requireApproval(id(), "1", "bench")
                    : PolicyDecision.allow(id(), "1");
        }
    }

    /**
     * What judging a step costs the kernel: two policies (one allowing, one changing a field of the input),
     * asked about a step with a 5-field input, and their decisions turned into the journal's JSON.
     */
    private static void policyOverhead() {
        Policies policies = new Policies();
        policies.add(new BenchPolicy(false), 10);
        policies.add(new BenchPolicy(true), 0);
        PolicySubject subject = new PolicySubject(
                PolicySubject.Kind.STEP, "flow-1", "s1", "noop",
                Map.of("to", "a@example.com", "subject", "hello", "amount", 12, "currency", "EUR", "n", 1), null);
        int n = 200_000;
        long sink = 0;
        long[] rounds = new long[5];
        for (int r = 0; r < rounds.length; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                PolicyRuling ruling = policies.judge(subject);
                sink += Json.write(Policies.journaled(ruling.decisions())).length();
            }
            rounds[r] = (System.nanoTime() - t0) / n;
        }
        System.out.printf("policy evaluation (2 policies, %d steps a round, 5 rounds): ns per step %s (%d)%n", n,
                Arrays.toString(rounds), sink % 10);
    }

    /** A policy for the bench: allows, or allows with one field changed. */
    private record BenchPolicy(boolean changes) implements Policy {
        @Override
        public String id() {
            return changes ? "redact" : "open";
        }

        @Override
        public String version() {
            return "1";
        }

        @Override
        public PolicyDecision evaluate(PolicySubject subject) {
            return changes
                    ? PolicyDecision.allowWithChanges(id(), "1", Map.of("to", "***"), "redacted")
                    : PolicyDecision.allow(id(), "1");
        }
    }

    /** The floor under every journaled step: one small write transaction through the platform's store. */
    private static void baseline(EmbeddedTestStore neo4j) {
        int n = 500;
        long[] write = new long[n];
        long[] read = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            neo4j.store().read(new dev.steward.spi.store.Statement("RETURN $i AS i", Map.of("i", i)));
            long t1 = System.nanoTime();
            neo4j.store().write(new dev.steward.spi.store.Statement("CREATE (:BenchProbe {i: $i})", Map.of("i", i)));
            long t2 = System.nanoTime();
            read[i] = t1 - t0;
            write[i] = t2 - t1;
        }
        Arrays.sort(read);
        Arrays.sort(write);
        System.out.printf("baseline (%d sequential, via GraphStore): read tx p50=%.2f ms p99=%.2f ms; "
                + "write tx p50=%.2f ms p99=%.2f ms%n", n, ms(read, 0.5), ms(read, 0.99), ms(write, 0.5), ms(write, 0.99));
    }

    private static void awaitCompleted(FlowEngine engine, String flowId) {
        FlowStatus status = engine.ending(flowId).join();
        if (status != FlowStatus.COMPLETED) {
            throw new IllegalStateException("flow " + flowId + " ended " + status);
        }
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))] / 1e6;
    }

    /** A no-op capability that keeps the time of each call, by idempotency key, for the step cycle figures. */
    private static final class StampingAgent implements Agent {
        private final Map<String, Long> calledAt = new ConcurrentHashMap<>();
        private final String capability;

        StampingAgent(String capability) {
            this.capability = capability;
        }

        @Override
        public AgentDescriptor descriptor() {
            return new AgentDescriptor("bench-" + capability, "1.0.0", List.of(capability), "{}", "{}",
                    AgentDescriptor.CostClass.LOW, true);
        }

        @Override
        public AgentResult execute(AgentRequest request) {
            calledAt.put(request.key().value(), System.nanoTime());
            return new AgentResult(Map.of(), "", 1.0, null);
        }

        long calledAt(String flowId, String stepId) {
            return calledAt.get(IdempotencyKey.of(flowId, stepId).value());
        }

        void clear() {
            calledAt.clear();
        }
    }
}
