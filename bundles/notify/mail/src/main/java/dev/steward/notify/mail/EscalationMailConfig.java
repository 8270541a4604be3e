package dev.steward.notify.mail;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the escalation mail, from {@code etc/dev.steward.notify.mail.cfg}. */
@ObjectClassDefinition(name = "Steward escalation mail", description = "Mails the operator once about every step held for a decision")
@interface EscalationMailConfig {

    @AttributeDefinition(description = "Seconds between two looks at the open escalations")
    int poll_seconds() default 10;

    @AttributeDefinition(description = "SMTP server host name")
    String smtp_host() default "";

    @AttributeDefinition(description = "SMTP server port")
    int smtp_port() default 587;

    @AttributeDefinition(description = "SMTP user name; empty: no authentication")
    String smtp_username() default "";

    @AttributeDefinition(description = "Where the SMTP password is: file:/path/to/secret (its first line) or env:VARIABLE; "
            + "never the password itself")
    String smtp_password_ref() default "";

    @AttributeDefinition(description = "Require STARTTLS before authenticating and sending")
    boolean smtp_starttls() default true;

    @AttributeDefinition(description = "Sender address")
    String from() default "";

    @AttributeDefinition(description = "Recipient addresses, comma-separated")
    String to() default "";

    @AttributeDefinition(description = "How many times a failed send is retried within one poll (with doubling delays) "
            + "before the escalation waits for the next poll")
    int redelivery_attempts() default 3;

    @AttributeDefinition(description = "Milliseconds before the first retry of a failed send")
    long redelivery_delay_ms() default 1000;
}
