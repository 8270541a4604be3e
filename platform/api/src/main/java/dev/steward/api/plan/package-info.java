/**
 * The choreographer: a goal ({@link dev.steward.api.plan.Goal}, text and structured context) becomes a
 * {@link dev.steward.api.plan.Plan}, a graph of steps over the registered capabilities, which is checked against the
 * agents' schemas before the kernel runs it as a flow ({@link dev.steward.api.plan.Choreographer}).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.steward.api.plan;
