package dev.steward.api.policy;

/** What a policy decides about a subject. */
public enum Verdict {
    /** It may go ahead as it is. */
    ALLOW,
    /** It must not go ahead. */
    DENY,
    /** It waits until a human approves it. */
    REQUIRE_APPROVAL,
    /** It may go ahead once the decision's changes are applied to its payload. */
    ALLOW_WITH_CHANGES
}
