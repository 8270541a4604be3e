package dev.steward.notify.mail;

import java.util.Properties;

import jakarta.mail.Authenticator;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;

import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Creates the Jakarta Mail session the SMTP endpoint sends with: server, timeouts, STARTTLS and the login.
 *
 * <p>Jakarta Mail finds its implementation (Angus Mail) through the thread context class loader, which inside
 * OSGi sees neither Angus's {@code META-INF/services} nor its classes (no service loader mediator is installed).
 * The session is therefore created with the Angus bundle's class loader as context loader: it then finds Angus's
 * stream provider, and later loads the SMTP transport through that provider's class loader, whatever the context
 * loader of the thread that sends (camel-mail sets the CamelContext's while it sends).
 */
final class SmtpSession {

    /** Milliseconds a connect, a read or a write may take before the send fails (and is retried). */
    static final int TIMEOUT_MS = 20_000;

    private SmtpSession() {
    }

    static Session create(MailSettings settings) {
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
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(SMTPTransport.class.getClassLoader());
        try {
            return Session.getInstance(props, new Login(settings));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Gives the configured login to the SMTP transport; nothing when no user is configured. */
    static final class Login extends Authenticator {

        private final String username;
        private final String password;

        Login(MailSettings settings) {
            this.username = settings.username();
            this.password = settings.password();
        }

        @Override
        protected PasswordAuthentication getPasswordAuthentication() {
            return username.isEmpty() ? null : new PasswordAuthentication(username, password);
        }

        @Override
        public String toString() {
            return "Login[" + username + "]";
        }
    }
}
