package dev.steward.spi.policy;

import dev.steward.api.policy.PolicyDecision;
import dev.steward.api.policy.PolicySubject;
import org.osgi.annotation.versioning.ConsumerType;

/** A plugin that judges actions before they happen; registered as an OSGi service. */
@ConsumerType
public interface Policy {

    /**
     * Names the policy in decisions and the journal.
     *
     * @return the policy id, not blank
     */
    String id();

    /**
     * Versions the policy, so that a recorded decision can be traced to the rules that made it.
     *
     * @return the policy version, not blank
     */
    String version();

    /**
     * Judges one subject. It must be fast and side-effect free; a policy that throws is
     * treated as a DENY.
     *
     * @param subject what is to be judged
     * @return the decision, never {@code null}
     */
    PolicyDecision evaluate(PolicySubject subject);
}
