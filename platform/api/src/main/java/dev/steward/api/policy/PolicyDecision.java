package dev.steward.api.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A policy's decision about one subject, recorded in the journal with the policy id and version
 * so that every decision can be explained later.
 *
 * @param verdict the verdict
 * @param policyId the deciding policy, not blank
 * @param policyVersion its version, not blank
 * @param reasons why; at least one unless the verdict is ALLOW ({@code null} becomes empty)
 * @param changes payload fields to set; present only, and required, for ALLOW_WITH_CHANGES
 */
public record PolicyDecision(
        Verdict verdict, String policyId, String policyVersion, List<String> reasons, Map<String, Object> changes) {

    /** Validates that the fields agree with the verdict and copies them. */
    public PolicyDecision {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(policyId, "policyId");
        Objects.requireNonNull(policyVersion, "policyVersion");
        if (policyId.isBlank() || policyVersion.isBlank()) {
            throw new IllegalArgumentException("Policy decision needs a non-blank policy id and version");
        }
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes == null ? Map.of() : changes));
        if (reasons.isEmpty() && verdict != Verdict.ALLOW) {
            throw new IllegalArgumentException("Policy '" + policyId + "' must give a reason for " + verdict);
        }
        if (changes.isEmpty() == (verdict == Verdict.ALLOW_WITH_CHANGES)) {
            throw new IllegalArgumentException("Policy '" + policyId
                    + "' must give changes for ALLOW_WITH_CHANGES and only for it, verdict was " + verdict);
        }
    }

    /**
     * Lets the subject go ahead.
     *
     * @param policyId the deciding policy
     * @param policyVersion its version
     * @return an ALLOW decision
     */
    public static PolicyDecision allow(String policyId, String policyVersion) {
        return new PolicyDecision(Verdict.ALLOW, policyId, policyVersion, List.of(), Map.of());
    }

    /**
     * Stops the subject.
     *
     * @param policyId the deciding policy
     * @param policyVersion its version
     * @param reasons why, at least one
     * @return a DENY decision
     */
    public static PolicyDecision deny(String policyId, String policyVersion, String... reasons) {
        return new PolicyDecision(Verdict.DENY, policyId, policyVersion, List.of(reasons), Map.of());
    }

    /**
     * Holds the subject until a human approves it.
     *
     * @param policyId the deciding policy
     * @param policyVersion its version
     * @param reasons why, at least one; shown to the approver
     * @return a REQUIRE_APPROVAL decision
     */
    public static PolicyDecision requireApproval(String policyId, String policyVersion, String... reasons) {
        return new PolicyDecision(Verdict.REQUIRE_APPROVAL, policyId, policyVersion, List.of(reasons), Map.of());
    }

    /**
     * Lets the subject go ahead once its payload is changed, for example with a field redacted.
     *
     * @param policyId the deciding policy
     * @param policyVersion its version
     * @param changes payload fields to set, at least one
     * @param reasons why, at least one
     * @return an ALLOW_WITH_CHANGES decision
     */
    public static PolicyDecision allowWithChanges(
            String policyId, String policyVersion, Map<String, Object> changes, String... reasons) {
        return new PolicyDecision(Verdict.ALLOW_WITH_CHANGES, policyId, policyVersion, List.of(reasons), changes);
    }
}
