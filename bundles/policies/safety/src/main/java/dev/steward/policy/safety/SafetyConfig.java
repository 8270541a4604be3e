package dev.steward.policy.safety;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the outbound safety policy, from {@code etc/dev.steward.policy.safety.cfg}. */
@ObjectClassDefinition(name = "Steward outbound safety",
        description = "Blocked terms and personal data in what leaves Steward")
@interface SafetyConfig {

    @AttributeDefinition(description = "Capabilities whose steps send something out, comma-separated; "
            + "'mail.*' covers every capability that starts with 'mail.'. Outbound effects are always checked")
    String[] outbound_capabilities() default {"mail.*", "webhook.*"};

    @AttributeDefinition(description = "Words or phrases that must not leave Steward, comma-separated; "
            + "matched whole-word, ignoring case")
    String[] blocked_terms() default {};

    @AttributeDefinition(description = "What a blocked term does: 'deny' or 'approval'")
    String blocked_action() default "deny";

    @AttributeDefinition(description = "Payload fields naming the recipient, comma-separated; "
            + "they are not scanned for personal data")
    String[] recipient_fields() default {"to", "recipient", "url"};

    @AttributeDefinition(description = "Recipients that may receive personal data, comma-separated: "
            + "addresses (me@acme.test), domains ('@acme.test') and URL prefixes ('https://hooks.acme.test/')")
    String[] approved_recipients() default {};

    @AttributeDefinition(description = "What personal data for a recipient not approved does: "
            + "'approval', 'deny' or 'redact'")
    String personal_action() default "approval";
}
