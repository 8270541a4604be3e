package dev.steward.connector.mail;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * The validated settings of one mailbox. It sends when {@code from} is set ({@link #smtp()} is then not null) and is
 * polled when {@code flow} is set ({@link #imap()} is then not null).
 *
 * @param name the mailbox's name, part of its route ids, repository names and start keys
 * @param smtp the SMTP server, {@code null} when the mailbox does not send
 * @param from the sender address of what it sends
 * @param imap the IMAP server, {@code null} when the mailbox is not polled
 * @param folder the folder polled
 * @param poll the interval between two polls
 * @param flow the flow definition a new message starts
 * @param maxMessageBytes the largest message accepted
 * @param redeliveries how often a failed flow start is retried
 * @param redeliveryDelay the delay before the first retry
 */
record MailboxSettings(String name, MailServer smtp, String from, MailServer imap, String folder, Duration poll, String flow,
        int maxMessageBytes, int redeliveries, Duration redeliveryDelay) {

    static final String PID = "dev.steward.connector.mail";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    MailboxSettings {
        if (!NAME.matcher(name).matches()) {
            throw invalid(name, "name", "must be 1 to 64 letters, digits, - or _, was '" + name + "'");
        }
        if (smtp == null && imap == null) {
            throw invalid(name, "from", "or flow must be set: a mailbox that neither sends nor is polled does nothing");
        }
        if (imap != null && (!imap.authenticates() || folder.isBlank() || poll.isNegative() || poll.isZero())) {
            throw invalid(name, "imap.username", "and imap.password.ref, imap.folder and a positive poll.seconds are needed to poll");
        }
        if (maxMessageBytes < 1) {
            throw invalid(name, "max.message.bytes", "must be positive, was " + maxMessageBytes);
        }
        if (redeliveries < 0 || redeliveryDelay.isNegative()) {
            throw invalid(name, "redelivery.attempts", "and redelivery.delay.ms must be 0 or more");
        }
    }

    /** Reads a mailbox's configuration and resolves its password references; the name defaults to the {@code <name>} of its file. */
    static MailboxSettings of(MailboxConfig c, Map<String, Object> properties) {
        String name = c.name().isBlank() ? nameFromFile(properties.get("felix.fileinstall.filename")) : c.name().strip();
        MailServer smtp = null;
        String from = c.from().strip();
        if (!from.isEmpty()) {
            from = address(name, from);
            smtp = server(name, "smtp", c.smtp_host(), c.smtp_port(), c.smtp_starttls(), c.smtp_username(), c.smtp_password_ref());
        }
        MailServer imap = c.flow().isBlank() ? null
                : server(name, "imap", c.imap_host(), c.imap_port(), c.imap_starttls(), c.imap_username(), c.imap_password_ref());
        return new MailboxSettings(name, smtp, from, imap, c.imap_folder().strip(), Duration.ofSeconds(c.poll_seconds()),
                c.flow().strip(), c.max_message_bytes(), c.redelivery_attempts(), Duration.ofMillis(c.redelivery_delay_ms()));
    }

    private static MailServer server(String name, String kind, String host, int port, boolean starttls, String username, String ref) {
        String password = ref.isBlank() ? "" : SecretReference.resolve(ref.strip(), kind + ".password.ref in " + file(name));
        try {
            return new MailServer(host.strip(), port, starttls, username.strip(), password);
        } catch (IllegalArgumentException e) {
            throw invalid(name, kind + ".host", "and its port and login: " + e.getMessage());
        }
    }

    private static String address(String name, String from) {
        try {
            InternetAddress[] parsed = InternetAddress.parse(from, true);
            if (parsed.length != 1) {
                throw invalid(name, "from", "must be one mail address");
            }
            return from;
        } catch (AddressException e) {
            throw invalid(name, "from", "'" + from + "' is not a mail address (" + e.getMessage() + ")");
        }
    }

    private static String nameFromFile(Object file) {
        if (file == null) {
            return "";
        }
        String f = file.toString();
        f = f.substring(f.lastIndexOf('/') + 1);
        String prefix = PID + "-";
        return f.startsWith(prefix) && f.endsWith(".cfg") ? f.substring(prefix.length(), f.length() - 4) : "";
    }

    boolean sends() {
        return smtp != null;
    }

    boolean polls() {
        return imap != null;
    }

    String routeId() {
        return "steward-connector-mail-" + name;
    }

    /** The internal entry point of received messages, where a replay from the exceptions inbox comes in. */
    String receivedUri() {
        return "direct:" + routeId() + "-received";
    }

    String sendUri() {
        return "direct:" + routeId() + "-send";
    }

    /** @return the start key of a message: unique per mailbox, the same whenever the message is seen again */
    String startKey(String messageId) {
        return "mail-" + name + ":" + messageId;
    }

    private static String file(String name) {
        return "etc/" + PID + "-" + name + ".cfg";
    }

    private static IllegalArgumentException invalid(String name, String key, String problem) {
        return new IllegalArgumentException(key + " in " + file(name) + " " + problem);
    }

    @Override
    public String toString() {
        return "mailbox " + name + (sends() ? ", sending from " + from + " through smtp " + smtp : "")
                + (polls() ? ", polling " + folder + " at imap " + imap + " every " + poll + " to start flow " + flow
                        + " (messages up to " + maxMessageBytes + " bytes)" : "");
    }
}
