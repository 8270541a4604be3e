package dev.steward.connector.feed;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One polled feed, from {@code etc/dev.steward.connector.feed-<name>.cfg}. */
@ObjectClassDefinition(name = "Steward feed", description = "An RSS 2.0 or Atom 1.0 feed whose new items start a flow")
@interface FeedConfig {

    @AttributeDefinition(description = "The feed's name (letters, digits, - and _); empty: the <name> of the file name")
    String name() default "";

    @AttributeDefinition(description = "The feed's http or https URL (no user info; file: and other schemes are refused)")
    String url() default "";

    @AttributeDefinition(description = "Id of the flow definition every new item starts")
    String flow() default "";

    @AttributeDefinition(description = "Seconds between two polls (at least 1)")
    int poll_seconds() default 300;

    @AttributeDefinition(description = "Milliseconds from the start of the route to the first poll")
    long first_poll_delay_ms() default 2_000;

    @AttributeDefinition(description = "Largest feed document read, in bytes; a larger one is refused and starts nothing")
    int max_document_bytes() default 2_097_152;

    @AttributeDefinition(description = "Milliseconds to connect to the feed's server")
    int connect_timeout_ms() default 5_000;

    @AttributeDefinition(description = "Milliseconds to wait for the whole document once connected")
    int read_timeout_ms() default 15_000;

    @AttributeDefinition(description = "How often a flow start that failed is tried again before the item goes to the exceptions inbox")
    int redelivery_attempts() default 2;

    @AttributeDefinition(description = "Milliseconds before the first retry of a failed flow start (doubling after)")
    long redelivery_delay_ms() default 1_000;
}
