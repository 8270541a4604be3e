package dev.steward.memory.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.steward.api.memory.Provenance;
import dev.steward.api.policy.PolicyDecision;
import dev.steward.api.policy.PolicyJudge;
import dev.steward.api.policy.PolicyRefusedException;
import dev.steward.api.policy.PolicyRuling;
import dev.steward.api.policy.PolicySubject;

/**
 * The policy hook of memory writes: every episode, fact and entity is judged (a {@code MEMORY_WRITE} subject of
 * capability {@code memory.episode}, {@code memory.fact} or {@code memory.entity}) before it is written, through
 * the kernel's {@link PolicyJudge} when one is there. A denial, or a call for an approval (a write cannot wait),
 * refuses the write; allowed changes are laid over it: {@code text}, {@code value}, and metadata labels as
 * {@code metadata.<label>} (a retention policy adds {@code metadata.retainUntil}, say).
 */
final class MemoryGate {

    /** A write as the policies let it through: its payload after their changes, and their decisions. */
    record Admitted(Map<String, Object> payload, List<PolicyDecision> decisions) {

        String text(String field, String original) {
            Object v = payload.get(field);
            return v == null ? original : v.toString();
        }

        /** The metadata labels after the changes: the original ones with every {@code metadata.<label>} change. */
        Map<String, String> metadata(Map<String, String> original) {
            Map<String, String> labels = new LinkedHashMap<>(original == null ? Map.of() : original);
            payload.forEach((k, v) -> {
                if (k.startsWith("metadata.") && v != null) {
                    labels.put(k.substring("metadata.".length()), v.toString());
                }
            });
            return labels;
        }
    }

    private final Supplier<PolicyJudge> judge;

    MemoryGate(Supplier<PolicyJudge> judge) {
        this.judge = judge;
    }

    Admitted admit(String capability, Map<String, Object> payload, Provenance provenance) {
        PolicyJudge j = judge.get();
        if (j == null) {
            return new Admitted(payload, List.of());
        }
        PolicySubject subject = new PolicySubject(PolicySubject.Kind.MEMORY_WRITE,
                provenance == null ? null : provenance.flowInstanceId(), provenance == null ? null : provenance.stepId(),
                capability, payload, null, null, provenance == null ? null : provenance.sourceId(), null);
        PolicyRuling ruling = j.judge(subject);
        if (!ruling.allowed()) {
            throw new PolicyRefusedException(ruling.verdict(), ruling.reason());
        }
        return new Admitted(ruling.payload(), ruling.decisions());
    }

    /** The decisions as kept on the written node: {@code policy version: verdict}, one per policy. */
    static List<String> journaled(List<PolicyDecision> decisions) {
        return decisions.stream().map(d -> d.policyId() + " " + d.policyVersion() + ": " + d.verdict()
                + (d.reasons().isEmpty() ? "" : " (" + String.join("; ", d.reasons()) + ")")).toList();
    }
}
