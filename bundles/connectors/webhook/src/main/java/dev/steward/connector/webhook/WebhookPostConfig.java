package dev.steward.connector.webhook;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The outbound webhook connector, from {@code etc/dev.steward.connector.webhook.post.cfg}. */
@ObjectClassDefinition(name = "Steward webhook POST", description = "Delivers webhook.post effects as JSON POSTs")
@interface WebhookPostConfig {

    @AttributeDefinition(description = "URL prefixes a webhook.post may go to, comma-separated (https://hooks.example.com/); "
            + "empty: none, every effect is refused")
    String allowed_urls() default "";

    @AttributeDefinition(description = "Milliseconds to connect")
    int connect_timeout_ms() default 5_000;

    @AttributeDefinition(description = "Milliseconds to wait for the answer")
    long request_timeout_ms() default 10_000;

    @AttributeDefinition(description = "How often a POST that failed by a 5xx answer, a timeout or a connection error is sent again")
    int retry_attempts() default 3;

    @AttributeDefinition(description = "Milliseconds before the first retry (doubling after, up to 30 s)")
    long retry_delay_ms() default 500;

    @AttributeDefinition(description = "Percentage of failed POSTs in the last breaker.window calls that opens the circuit breaker")
    int breaker_failure_rate() default 50;

    @AttributeDefinition(description = "Calls the breaker looks at (and needs at least before it opens)")
    int breaker_window() default 10;

    @AttributeDefinition(description = "Seconds the breaker stays open before it lets a trial POST through")
    int breaker_open_seconds() default 30;
}
