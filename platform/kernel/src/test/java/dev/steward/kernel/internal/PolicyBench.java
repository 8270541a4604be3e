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
import dev.steward.store.testing.EmbeddedTestStore;

/**
 * What the shipped policies cost a step: all of them judging a typical step (no cost: the budget does not touch
 * the store) with their decisions turned into the journal's JSON; then a costed step's budget reservation and
 * settlement against the real store, one after the other. Run as in docs/benchmarks.md.
 */
public final class PolicyBench {

    private PolicyBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Path data = Files.createTempDirectory("steward-policy-bench");
        try (EmbeddedTestStore neo4j = new EmbeddedTestStore(data, "BudgetScope", "BudgetReservation")) {
            List<Policy> shipped = shipped(neo4j);
            Policies policies = new Policies();
            shipped.forEach(p -> policies.add(p, 0));
            evaluation(policies, shipped.size(), n);
            reservations(shipped.get(0), 2_000);
            policies.close();
        }
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
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("to", "ada@example.com"); // an approved recipient: the safety policy scans the body and lets it go
        input.put("subject", "Your invoice 42");
        input.put("body", "Dear Ada, invoice 42 of 120 EUR is now 30 days overdue. Kind regards, Olivia");
        input.put("amount", 120);
        input.put("currency", "EUR");
        return new PolicySubject(PolicySubject.Kind.STEP, flow, "remind", "invoice.remind", input, cost, "dunning",
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

    private static void reservations(Policy budget, int n) {
        long[] reserve = new long[n];
        long[] settle = new long[n];
        for (int i = 0; i < n; i++) {
            PolicySubject s = step("flow-" + i, new BigDecimal("0.01"));
            long t0 = System.nanoTime();
            budget.evaluate(s);
            long t1 = System.nanoTime();
            budget.settle(s, true, new BigDecimal("0.01"));
            reserve[i] = t1 - t0;
            settle[i] = System.nanoTime() - t1;
        }
        int from = n / 2; // the first half warms both JVMs up
        System.out.printf("budget, costed step (%d measured after %d warm-up): reserve p50=%.2f ms p99=%.2f ms;"
                + " settle p50=%.2f ms p99=%.2f ms%n", n - from, from, pct(reserve, from, 50), pct(reserve, from, 99),
                pct(settle, from, 50), pct(settle, from, 99));
    }

    private static double pct(long[] values, int from, int p) {
        long[] v = Arrays.copyOfRange(values, from, values.length);
        Arrays.sort(v);
        return v[Math.min(v.length - 1, (int) Math.ceil(p / 100.0 * v.length) - 1)] / 1e6;
    }
}
