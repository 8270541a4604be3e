package dev.steward.api.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What all policies together decided about one subject: the verdict that holds (DENY over REQUIRE_APPROVAL over
 * ALLOW_WITH_CHANGES over ALLOW), the payload to go ahead with (every ALLOW_WITH_CHANGES decision's changes laid
 * over the subject's, in policy order), and each policy's decision.
 *
 * @param verdict the verdict that holds
 * @param payload the payload to use when it goes ahead
 * @param decisions every policy's decision, in the order they were asked
 */
public record PolicyRuling(Verdict verdict, Map<String, Object> payload, List<PolicyDecision> decisions) {

    /** Validates the fields and copies the collections. */
    public PolicyRuling {
        Objects.requireNonNull(verdict, "verdict");
        payload = Collections.unmodifiableMap(new LinkedHashMap<>(payload == null ? Map.of() : payload));
        decisions = decisions == null ? List.of() : List.copyOf(decisions);
    }

    /**
     * The reasons of the decisive verdict, with the policy that gave them.
     *
     * @return {@code <policy> <version>: <reasons>} of the first decision with the holding verdict, or empty
     */
    public String reason() {
        return decisions.stream().filter(d -> d.verdict() == verdict).findFirst()
                .map(d -> d.policyId() + " " + d.policyVersion() + ": " + String.join("; ", d.reasons()))
                .orElse("");
    }

    /**
     * Tells whether the subject may go ahead now (ALLOW or ALLOW_WITH_CHANGES).
     *
     * @return {@code true} unless denied or held for approval
     */
    public boolean allowed() {
        return verdict == Verdict.ALLOW || verdict == Verdict.ALLOW_WITH_CHANGES;
    }
}
