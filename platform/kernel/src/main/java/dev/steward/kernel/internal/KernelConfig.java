package dev.steward.kernel.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the kernel, from {@code etc/dev.steward.kernel.cfg}. */
@ObjectClassDefinition(name = "Steward kernel", description = "Execution of durable flows")
@interface KernelConfig {

    @AttributeDefinition(description = "Threads per capability (the bulkhead of each plugin)")
    int bulkhead_threads() default 4;

    @AttributeDefinition(description = "Most journal entries written in one transaction")
    int journal_batch_max() default 256;

    @AttributeDefinition(description = "Journal writer threads, each committing its own batches in parallel")
    int journal_writers() default 2;

    @AttributeDefinition(description = "Consecutive failures that open a capability's circuit breaker")
    int breaker_failures() default 5;

    @AttributeDefinition(description = "Seconds an open circuit breaker waits before it lets one call through")
    int breaker_open_seconds() default 30;

    @AttributeDefinition(description = "This node's id among the nodes sharing one store; empty: generated once and kept in data/")
    String node_id() default "";

    @AttributeDefinition(description = "Seconds a node holds a running flow without renewing it; after that another node takes it over")
    int lease_seconds() default 30;

    @AttributeDefinition(description = "How long a step that a policy sent for approval waits for a decision before it fails")
    long approval_timeout_seconds() default 86_400;

    @AttributeDefinition(description = "What a step held for approval does at its deadline: 'reject' (it fails) or 'approve' (it runs as proposed)")
    String approval_on_expiry() default "reject";

    @AttributeDefinition(description = "Estimated cost in US dollars of one call to an agent of cost class LOW, when the agent gives no estimate")
    String cost_estimate_low() default "0";

    @AttributeDefinition(description = "Estimated cost in US dollars of one call to an agent of cost class MEDIUM, when the agent gives no estimate")
    String cost_estimate_medium() default "0.01";

    @AttributeDefinition(description = "Estimated cost in US dollars of one call to an agent of cost class HIGH, when the agent gives no estimate")
    String cost_estimate_high() default "0.10";
}
