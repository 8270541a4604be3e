package dev.steward.notify.mail;

import java.io.IOException;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;

import org.eclipse.angus.mail.smtp.SMTPProvider;

/**
 * Creates the sender of the SMTP endpoint: a Jakarta Mail session with the server, timeouts and STARTTLS, and the
 * login. The session is created with Angus Mail's class loader as context loader (see {@link AngusMail}), so that
 * it finds Angus's stream provider, and Angus's SMTP provider is set on it explicitly rather than left to a lookup
 * that depends on which class loader Jakarta Mail consults first.
 */
final class SmtpSender {

    /**
     * Milliseconds a connect, a read or a write may take before the send fails (and is retried): short enough that
     * an attempt ends within the 10 s the platform gives a route to drain when it is removed.
     */
    static final int TIMEOUT_MS = 8_000;

    private SmtpSender() {
    }

    static AngusMail.Sender create(MailSettings settings) {
        AngusMail.Sender sender = new AngusMail.Sender();
        sender.setSession(session(settings));
        sender.setProtocol("smtp");
        sender.setHost(settings.host());
        sender.setPort(settings.port());
        if (settings.authenticates()) {
            sender.setUsername(settings.username());
            sender.setPassword(settings.password());
        }
        return sender;
    }

    private static Session session(MailSettings settings) {
        Properties props = new Properties();
        props.setProperty("mail.transport.protocol", "smtp");
        props.setProperty("mail.smtp.host", settings.host());
        props.setProperty("mail.smtp.port", Integer.toString(settings.port()));
        props.setProperty("mail.smtp.auth", Boolean.toString(settings.authenticates()));
        props.setProperty("mail.smtp.starttls.enable", Boolean.toString(settings.starttls()));
        props.setProperty("mail.smtp.starttls.required", Boolean.toString(settings.starttls()));
        props.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        props.setProperty("mail.smtp.connectiontimeout", Integer.toString(TIMEOUT_MS));
        props.setProperty("mail.smtp.timeout", Integer.toString(TIMEOUT_MS));
        props.setProperty("mail.smtp.writetimeout", Integer.toString(TIMEOUT_MS));
        try {
            return AngusMail.call(() -> {
                Session session = Session.getInstance(props);
                session.setProvider(new SMTPProvider());
                return session;
            });
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("Angus Mail's SMTP provider was refused: " + e.getMessage(), e);
        }
    }
}
