package dev.steward.notify.mail;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * The validated settings of the escalation mail. The password is held here only after it was resolved from its
 * reference, and {@link #toString()} never shows it.
 *
 * @param poll how often the open escalations are read
 * @param host the SMTP host
 * @param port the SMTP port
 * @param username the SMTP user, empty for no authentication
 * @param password the SMTP password, empty for no authentication
 * @param starttls whether STARTTLS is required
 * @param from the sender
 * @param to the recipients, comma-separated
 * @param redeliveries how often a failed send is retried within one poll
 * @param redeliveryDelay the delay before the first retry (doubling after)
 */
record MailSettings(Duration poll, String host, int port, String username, String password, boolean starttls,
        String from, String to, int redeliveries, Duration redeliveryDelay) {

    static final String PID = "dev.steward.notify.mail";

    /** Checks every field, telling what to change in the configuration file when one is wrong. */
    MailSettings {
        if (poll.isNegative() || poll.isZero()) {
            throw invalid("poll.seconds", "must be a positive number of seconds");
        }
        if (host == null || host.isBlank() || host.contains("?") || host.contains("/")) {
            throw invalid("smtp.host", "must name the SMTP server, was '" + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw invalid("smtp.port", "must be 1 to 65535, was " + port);
        }
        if (username.isEmpty() != password.isEmpty()) {
            throw invalid("smtp.username", "and smtp.password.ref must be set together (or neither, for no authentication)");
        }
        from = address("from", from, false);
        to = address("to", to, true);
        if (redeliveries < 0) {
            throw invalid("redelivery.attempts", "must be 0 or more, was " + redeliveries);
        }
        if (redeliveryDelay.isNegative()) {
            throw invalid("redelivery.delay.ms", "must be 0 or more");
        }
    }

    /** Reads the configuration and resolves the password reference. */
    static MailSettings of(EscalationMailConfig config) {
        String ref = config.smtp_password_ref().strip();
        String password = ref.isEmpty() ? "" : PasswordReference.resolve(ref, PID, "smtp.password.ref");
        return new MailSettings(Duration.ofSeconds(config.poll_seconds()), config.smtp_host().strip(), config.smtp_port(),
                config.smtp_username().strip(), password, config.smtp_starttls(), config.from(), config.to(),
                config.redelivery_attempts(), Duration.ofMillis(config.redelivery_delay_ms()));
    }

    /** @return whether the server is logged in to */
    boolean authenticates() {
        return !username.isEmpty();
    }

    private static String address(String key, String value, boolean several) {
        if (value == null || value.isBlank()) {
            throw invalid(key, "must be set to a mail address");
        }
        InternetAddress[] parsed;
        try {
            parsed = InternetAddress.parse(value.strip(), true);
        } catch (AddressException e) {
            throw invalid(key, "'" + value + "' is not a mail address (" + e.getMessage() + ")");
        }
        if (parsed.length == 0 || (!several && parsed.length > 1)) {
            throw invalid(key, several ? "must hold at least one mail address" : "must be one mail address");
        }
        try {
            // a name beyond ASCII is written as an encoded word; Jakarta Mail finds its encoder only with Angus's loader
            return AngusMail.call(() -> {
                List<String> written = new ArrayList<>();
                for (InternetAddress a : parsed) {
                    written.add(a.getPersonal() == null ? a.getAddress()
                            : new InternetAddress(a.getAddress(), a.getPersonal(), "UTF-8").toString());
                }
                return String.join(", ", written);
            });
        } catch (MessagingException | IOException e) {
            throw invalid(key, "'" + value + "' cannot be written as a mail header (" + e.getMessage() + ")");
        }
    }

    private static IllegalArgumentException invalid(String key, String problem) {
        return new IllegalArgumentException(key + " in etc/" + PID + ".cfg " + problem);
    }

    @Override
    public String toString() {
        return "MailSettings[smtp " + host + ":" + port + (authenticates() ? " as " + username : "")
                + (starttls ? " with STARTTLS" : "") + ", from " + from + " to " + to + ", every " + poll + "]";
    }
}
