package dev.steward.kernel.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.policy.PolicyDecision;
import dev.steward.api.policy.PolicyJudge;
import dev.steward.api.policy.PolicyRuling;
import dev.steward.api.policy.PolicySubject;
import dev.steward.api.policy.Verdict;
import dev.steward.spi.policy.Policy;

/**
 * The policies that judge every step before it runs, as policy bundles come and go: all are asked, highest
 * service ranking first (then by id); a policy that throws or returns nothing counts as a DENY carrying its
 * error. DENY wins over REQUIRE_APPROVAL, which wins over ALLOW_WITH_CHANGES (their changes applied to the
 * payload in policy order), which wins over ALLOW.
 *
 * <p>It is the platform's {@link PolicyJudge} (memory writes and outbound effects are judged here too) and a
 * component of its own, not a face of the {@link FlowEngine} that uses it: the memory and the outbox judge through
 * it and are flow listeners of the engine, so a judge inside the engine would close a reference cycle that Felix
 * reports as an error when the engine is activated.
 */
@Component(service = {PolicyJudge.class, Policies.class})
public final class Policies implements PolicyJudge {

    private record Ranked(Policy policy, int ranking) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Policies.class);
    private static final Comparator<Ranked> ORDER = Comparator.comparingInt(Ranked::ranking).reversed()
            .thenComparing(r -> safeId(r.policy()));

    private final List<Ranked> policies = new CopyOnWriteArrayList<>();
    private final ExecutorService settlements = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "steward-policy-settle");
        t.setDaemon(true);
        return t;
    });

    /** Policy bundles: every step is judged by all of them before it runs (the steps started from now on). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPolicy(Policy policy, Map<String, Object> properties) {
        Object ranking = properties.get("service.ranking");
        add(policy, ranking instanceof Integer i ? i : 0);
    }

    void removePolicy(Policy policy) {
        remove(policy);
    }

    void add(Policy policy, int ranking) {
        policies.add(new Ranked(policy, ranking));
    }

    void remove(Policy policy) {
        policies.removeIf(r -> r.policy() == policy);
    }

    boolean isEmpty() {
        return policies.isEmpty();
    }

    @Override
    public PolicyRuling judge(PolicySubject subject) {
        if (policies.isEmpty()) {
            return new PolicyRuling(Verdict.ALLOW, subject.payload(), List.of());
        }
        List<Ranked> ordered = new ArrayList<>(policies);
        ordered.sort(ORDER);
        List<PolicyDecision> decisions = new ArrayList<>(ordered.size());
        Map<String, Object> payload = new LinkedHashMap<>(subject.payload());
        Verdict verdict = Verdict.ALLOW;
        for (Ranked r : ordered) {
            PolicyDecision d = ask(r.policy(), subject);
            decisions.add(d);
            if (d.verdict() == Verdict.ALLOW_WITH_CHANGES) {
                payload.putAll(d.changes());
            }
            if (weight(d.verdict()) > weight(verdict)) {
                verdict = d.verdict();
            }
        }
        return new PolicyRuling(verdict, payload, decisions);
    }

    /**
     * Tells every policy, off the caller's thread and in order, how a subject they judged ended; a policy that
     * fails is logged and skipped.
     */
    @Override
    public void settle(PolicySubject subject, boolean ran, BigDecimal costUsd) {
        List<Ranked> now = List.copyOf(policies);
        try {
            settlements.execute(() -> now.forEach(r -> settleWith(r.policy(), subject, ran, costUsd)));
        } catch (RejectedExecutionException e) {
            LOG.warn("Kernel stopping: step {} of flow {} not settled with the policies", subject.stepId(),
                    subject.flowInstanceId());
        }
    }

    private static void settleWith(Policy policy, PolicySubject subject, boolean ran, BigDecimal costUsd) {
        try {
            policy.settle(subject, ran, costUsd);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Policy {} failed to settle step {} of flow {}: {}", safeId(policy), subject.stepId(),
                    subject.flowInstanceId(), e.toString());
        }
    }

    /** Lets queued settlements finish (briefly) and stops. */
    @Deactivate
    void close() {
        settlements.shutdown();
        try {
            settlements.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static PolicyDecision ask(Policy policy, PolicySubject subject) {
        String id = safeId(policy);
        try {
            PolicyDecision d = policy.evaluate(subject);
            if (d == null) {
                return PolicyDecision.deny(id, safeVersion(policy), "the policy returned no decision");
            }
            return d;
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Policy {} failed on step {} of flow {}, counted as a denial: {}", id, subject.stepId(),
                    subject.flowInstanceId(), e.toString());
            return PolicyDecision.deny(id, safeVersion(policy), "the policy failed: " + e);
        }
    }

    private static int weight(Verdict v) {
        return switch (v) {
            case ALLOW -> 0;
            case ALLOW_WITH_CHANGES -> 1;
            case REQUIRE_APPROVAL -> 2;
            case DENY -> 3;
        };
    }

    private static String safeId(Policy policy) {
        try {
            String id = policy.id();
            return id == null || id.isBlank() ? policy.getClass().getName() : id;
        } catch (RuntimeException e) {
            return policy.getClass().getName();
        }
    }

    private static String safeVersion(Policy policy) {
        try {
            String v = policy.version();
            return v == null || v.isBlank() ? "?" : v;
        } catch (RuntimeException e) {
            return "?";
        }
    }

    /** The decisions as the journal keeps them next to the step: policy, version, verdict, reasons, changed keys. */
    static List<Map<String, Object>> journaled(List<PolicyDecision> decisions) {
        List<Map<String, Object>> rows = new ArrayList<>(decisions.size());
        for (PolicyDecision d : decisions) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("policy", d.policyId());
            row.put("version", d.policyVersion());
            row.put("verdict", d.verdict().name());
            row.put("reasons", d.reasons());
            row.put("changed", List.copyOf(d.changes().keySet()));
            rows.add(row);
        }
        return rows;
    }
}
