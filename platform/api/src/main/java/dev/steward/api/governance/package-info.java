/**
 * Governance as the operator measures it: the {@link dev.steward.api.governance.OperatorMetrics} service computes,
 * from the flow journal, the exceptions inbox and the budget ledger, an
 * {@link dev.steward.api.governance.OperatorReport} of one time window (time spent on exceptions, processes
 * automated with an observable rollback, decision latency, autonomy per flow definition, spend per agent and day).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.steward.api.governance;
