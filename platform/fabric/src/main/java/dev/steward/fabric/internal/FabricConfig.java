package dev.steward.fabric.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the integration fabric, from {@code etc/dev.steward.fabric.cfg}. */
@ObjectClassDefinition(name = "Steward integration fabric", description = "Durable idempotency, the exceptions inbox and the outbox")
@interface FabricConfig {

    @AttributeDefinition(description = "Days an idempotency key is remembered; after that the same key is accepted again")
    int idempotency_horizon_days() default 30;

    @AttributeDefinition(description = "Minutes between two purges of expired idempotency keys")
    int idempotency_purge_minutes() default 60;

    @AttributeDefinition(description = "Milliseconds between two looks for outbound effects due in the outbox")
    int outbox_poll_ms() default 250;

    @AttributeDefinition(description = "Delivery attempts of one outbound effect before it is FAILED")
    int outbox_max_attempts() default 8;

    @AttributeDefinition(description = "Longest wait, in seconds, between two attempts (the wait doubles from 1 s)")
    int outbox_backoff_max_seconds() default 300;

    @AttributeDefinition(description = "Seconds a delivery may take before another look may claim the effect again")
    int outbox_claim_seconds() default 120;
}
