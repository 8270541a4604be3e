package dev.steward.api.policy;

import java.util.Objects;

/**
 * Thrown when the policies refuse an action that cannot wait for the operator (a memory write, say): denied, or
 * in need of an approval that only flow steps can wait for.
 */
public class PolicyRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Verdict verdict;

    /**
     * Creates the exception.
     *
     * @param verdict the verdict that refused it (DENY or REQUIRE_APPROVAL)
     * @param reason the policies' reason, with the policy that gave it
     */
    public PolicyRefusedException(Verdict verdict, String reason) {
        super("refused by policy " + reason);
        this.verdict = Objects.requireNonNull(verdict, "verdict");
    }

    /**
     * The verdict that refused the action.
     *
     * @return DENY or REQUIRE_APPROVAL
     */
    public Verdict verdict() {
        return verdict;
    }
}
