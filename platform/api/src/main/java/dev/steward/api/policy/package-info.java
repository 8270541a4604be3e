/**
 * Value types for policies, which decide before a step runs, a memory is written or an effect
 * leaves Steward whether it may go ahead: the {@link dev.steward.api.policy.PolicySubject} under
 * review and the {@link dev.steward.api.policy.PolicyDecision} with its
 * {@link dev.steward.api.policy.Verdict}.
 */
@org.osgi.annotation.versioning.Version("1.3.0")
package dev.steward.api.policy;
