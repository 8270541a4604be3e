package dev.steward.connector.webhook;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One inbound hook, from {@code etc/dev.steward.connector.webhook-<name>.cfg}. */
@ObjectClassDefinition(name = "Steward webhook", description = "An authenticated HTTP endpoint whose deliveries start a flow")
@interface WebhookConfig {

    @AttributeDefinition(description = "The hook's name (letters, digits, - and _); empty: the <name> of the file name")
    String name() default "";

    @AttributeDefinition(description = "Id of the flow definition every accepted delivery starts")
    String flow() default "";

    @AttributeDefinition(description = "Address the listener binds to; keep the loopback address behind a reverse proxy")
    String host() default "127.0.0.1";

    @AttributeDefinition(description = "Port of the listener; hooks on the same port share it")
    int port() default 8183;

    @AttributeDefinition(description = "Path of the hook; empty: /hooks/<name>")
    String path() default "";

    @AttributeDefinition(description = "How a delivery is authenticated: hmac (HMAC-SHA256 signature of the body) or basic "
            + "(HTTP basic authentication against a JAAS realm)")
    String auth() default "hmac";

    @AttributeDefinition(description = "Where the HMAC secret is: file:/path/to/secret (its first line) or env:VARIABLE; "
            + "never the secret itself")
    String secret_ref() default "";

    @AttributeDefinition(description = "Header holding the signature, as sha256=<hex> or <hex>")
    String signature_header() default "X-Signature-256";

    @AttributeDefinition(description = "JAAS realm for basic authentication")
    String jaas_realm() default "karaf";

    @AttributeDefinition(description = "Role the authenticated user must have for basic authentication; empty: any user of the realm")
    String jaas_role() default "";

    @AttributeDefinition(description = "Header naming the delivery; a delivery without it is named by the SHA-256 of its body")
    String delivery_header() default "X-Delivery-Id";

    @AttributeDefinition(description = "Largest body accepted, in bytes")
    int max_body_bytes() default 262_144;

    @AttributeDefinition(description = "Input field of the flow that receives the JSON body; empty: the body (a JSON object) is the input")
    String input_field() default "";

    @AttributeDefinition(description = "How often a flow start that failed is tried again before the delivery goes to the exceptions inbox")
    int redelivery_attempts() default 2;

    @AttributeDefinition(description = "Milliseconds before the first retry of a failed flow start (doubling after)")
    long redelivery_delay_ms() default 500;
}
