package dev.steward.connector.mail;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One mailbox, from {@code etc/dev.steward.connector.mail-<name>.cfg}: SMTP out when {@code from} is set, IMAP in when {@code flow} is. */
@ObjectClassDefinition(name = "Steward mailbox", description = "A mailbox that sends mail.send effects by SMTP and starts a flow for every new IMAP message")
@interface MailboxConfig {

    @AttributeDefinition(description = "The mailbox's name (letters, digits, - and _); empty: the <name> of the file name")
    String name() default "";

    @AttributeDefinition(description = "Sender address of mail.send; empty: this mailbox sends nothing")
    String from() default "";

    @AttributeDefinition(description = "SMTP server host name")
    String smtp_host() default "127.0.0.1";

    @AttributeDefinition(description = "SMTP server port")
    int smtp_port() default 25;

    @AttributeDefinition(description = "Require STARTTLS before authenticating and sending (needed for any server that is not on loopback)")
    boolean smtp_starttls() default true;

    @AttributeDefinition(description = "SMTP user name; empty: no authentication")
    String smtp_username() default "";

    @AttributeDefinition(description = "Where the SMTP password is: file:/path/to/secret (its first line) or env:VARIABLE; never the password itself")
    String smtp_password_ref() default "";

    @AttributeDefinition(description = "Id of the flow definition every new IMAP message starts; empty: the mailbox is not polled")
    String flow() default "";

    @AttributeDefinition(description = "IMAP server host name")
    String imap_host() default "127.0.0.1";

    @AttributeDefinition(description = "IMAP server port")
    int imap_port() default 143;

    @AttributeDefinition(description = "Require STARTTLS before logging in to the IMAP server")
    boolean imap_starttls() default true;

    @AttributeDefinition(description = "IMAP user name")
    String imap_username() default "";

    @AttributeDefinition(description = "Where the IMAP password is: file:/path/to/secret (its first line) or env:VARIABLE; never the password itself")
    String imap_password_ref() default "";

    @AttributeDefinition(description = "IMAP folder polled for unseen messages")
    String imap_folder() default "INBOX";

    @AttributeDefinition(description = "Seconds between two polls of the folder")
    int poll_seconds() default 60;

    @AttributeDefinition(description = "Largest message accepted, in bytes; a larger one goes to the exceptions inbox without its body")
    int max_message_bytes() default 1_048_576;

    @AttributeDefinition(description = "How often a flow start that failed is tried again before the message goes to the exceptions inbox")
    int redelivery_attempts() default 2;

    @AttributeDefinition(description = "Milliseconds before the first retry of a failed flow start (doubling after)")
    long redelivery_delay_ms() default 500;
}
