package dev.steward.spi.policy;

import java.math.BigDecimal;

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
     * Judges one subject. It must be fast and, but for a reservation it settles in
     * {@link #settle}, side-effect free; a policy that throws is treated as a DENY. The same subject
     * may be judged again (after a restart, say): a reservation is keyed by {@link PolicySubject#key()}.
     *
     * @param subject what is to be judged
     * @return the decision, never {@code null}
     */
    PolicyDecision evaluate(PolicySubject subject);

    /**
     * Hears how a subject this policy judged ended, once: it ran (with what it cost), or it did not
     * (denied by a policy, rejected, expired). A budget settles or releases its reservation here. It is
     * called off the step's path; a failure is logged and does not change the step. Does nothing by default.
     *
     * @param subject the subject as it was judged
     * @param ran whether it ran
     * @param costUsd what it cost in US dollars, zero when it did not run or stated no cost
     */
    default void settle(PolicySubject subject, boolean ran, BigDecimal costUsd) {
        // nothing reserved
    }
}
