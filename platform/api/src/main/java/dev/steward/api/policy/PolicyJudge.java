package dev.steward.api.policy;

import java.math.BigDecimal;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Asks every registered policy about a subject that is not a flow step (a memory write, an outbound effect), the
 * way the kernel asks them before each step: in ranking order, a failing policy counted as a denial. Registered
 * by the kernel as an OSGi service.
 */
@ProviderType
public interface PolicyJudge {

    /**
     * Asks all policies about the subject.
     *
     * @param subject what is to be judged
     * @return the ruling; ALLOW with the subject's payload when no policy is registered
     */
    PolicyRuling judge(PolicySubject subject);

    /**
     * Tells the policies how a subject they judged ended (for a reservation they made), off the caller's thread.
     *
     * @param subject the subject as judged
     * @param ran whether it went ahead
     * @param costUsd what it cost in US dollars, zero for nothing
     */
    void settle(PolicySubject subject, boolean ran, BigDecimal costUsd);
}
