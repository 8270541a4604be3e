package dev.steward.kernel.internal;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.steward.api.policy.PolicyRuling;
import dev.steward.api.policy.PolicySubject;
import dev.steward.spi.policy.Policy;
import dev.steward.spi.store.Statement;
import dev.steward.store.testing.EmbeddedTestStore;

/**
 * What the shipped policies cost a step: all of them judging a typical step that costs nothing, with their decisions
 * turned into the journal's JSON; then all of them judging costed steps, each settled, with the budget's allotments
 * taken from the real store as they run short. Run as in docs/benchmarks.md.
 */
public final class PolicyBench {

    private PolicyBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Path data = Files.createTempDirectory("steward-policy-bench");
        try (EmbeddedTestStore neo4j = new EmbeddedTestStore(data, "BudgetScope", "BudgetAllotment")) {
            List<Policy> shipped = shipped(neo4j);
            Policies policies = new Policies();
            shipped.forEach(p -> policies.add(p, 0));
            evaluation(policies, shipped.size(), n);
            policies.close();
            costed(neo4j, "day 50 USD, every agent 20 USD a day", Map.of("day.limit.usd", "50", "agent.limits.usd",
                    "*=20"), 20_000);
            costed(neo4j, "the same and 1 USD a flow, 4 steps a flow", Map.of("day.limit.usd", "50", "agent.limits.usd",
                    "*=20", "flow.limit.usd", "1"), 20_000);
        }
    }

    /**
     * All shipped policies judging costed steps (half a tenth of a cent each), each settled at once as the kernel
     * would after the step: the budget reserves in memory and asks the store only when its allotment runs short.
     */
    private static void costed(EmbeddedTestStore neo4j, String label, Map<String, String> limits, int n) throws Exception {
        neo4j.store().write(Statement.of("MATCH (n) WHERE n:BudgetScope OR n:BudgetAllotment DETACH DELETE n"));
        List<Policy> shipped = new java.util.ArrayList<>(shipped(neo4j));
        Policy budget = ShippedPolicies.create("dev.steward.policy.budget.BudgetPolicy", limits, neo4j.store());
        shipped.set(0, budget);
        Policies policies = new Policies();
        shipped.forEach(p -> policies.add(p, 0));
        BigDecimal cost = new BigDecimal("0.0005");
        long[] took = new long[n];
        for (int i = 0; i < n; i++) {
            PolicySubject s = step("flow-" + label.length() + "-" + i / 4, "s" + i % 4, cost);
            long t0 = System.nanoTime();
            PolicyRuling ruling = policies.judge(s);
            budget.settle(s, true, cost);
            took[i] = System.nanoTime() - t0;
            if (ruling.verdict() != dev.steward.api.policy.Verdict.ALLOW) {
                throw new IllegalStateException("step " + i + " not allowed: " + ruling.reason());
            }
        }
        int from = n / 2; // the first half warms the JVM up
        System.out.printf("shipped policies (%d), costed step judged and settled, %s (%d measured after %d warm-up): "
                + "p50=%.4f ms p99=%.4f ms mean=%.4f ms%n", shipped.size(), label, n - from, from, pct(took, from, 50),
                pct(took, from, 99), mean(took, from));
        policies.close();
        budget.getClass().getMethod("close").invoke(budget);
    }

    static List<Policy> shipped(EmbeddedTestStore neo4j) throws Exception {
        return List.of(
                ShippedPolicies.create("dev.steward.policy.budget.BudgetPolicy",
                        Map.of("day.limit.usd", "1000000", "agent.limits.usd", "*=1000000"), neo4j.store()),
                ShippedPolicies.create("dev.steward.policy.approval.ApprovalGatePolicy",
                        Map.of("capabilities", "payment.*, mail.send", "amount.above", "500")),
                ShippedPolicies.create("dev.steward.policy.retention.RetentionPolicy",
                        Map.of("episodes", "note=P30D, *=P365D")),
                ShippedPolicies.create("dev.steward.policy.safety.SafetyPolicy",
                        Map.of("outbound.capabilities", "invoice.*, mail.*", "blocked.terms", "confidential, project falcon",
                                "approved.recipients", "@example.com")));
    }

    private static PolicySubject step(String flow, BigDecimal cost) {
        return step(flow, "remind", cost);
    }

    private static PolicySubject step(String flow, String stepId, BigDecimal cost) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("to", "ada@example.com"); // an approved recipient: the safety policy scans the body and lets it go
        input.put("subject", "Your invoice 42");
        input.put("body", "Dear Ada, invoice 42 of 120 EUR is now 30 days overdue. Kind regards, Olivia");
        input.put("amount", 120);
        input.put("currency", "EUR");
        return new PolicySubject(PolicySubject.Kind.STEP, flow, stepId, "invoice.remind", input, cost, "dunning",
                "writer", 0.9);
    }

    private static void evaluation(Policies policies, int count, int n) {
        PolicySubject subject = step("flow-1", BigDecimal.ZERO);
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
        System.out.printf("shipped policies (%d) judging a step, decisions serialized: ns per step %s (%d)%n", count,
                Arrays.toString(rounds), sink % 10);
    }

    private static double pct(long[] values, int from, int p) {
        long[] v = Arrays.copyOfRange(values, from, values.length);
        Arrays.sort(v);
        return v[Math.min(v.length - 1, (int) Math.ceil(p / 100.0 * v.length) - 1)] / 1e6;
    }

    private static double mean(long[] values, int from) {
        return Arrays.stream(values, from, values.length).average().orElse(0) / 1e6;
    }

}
