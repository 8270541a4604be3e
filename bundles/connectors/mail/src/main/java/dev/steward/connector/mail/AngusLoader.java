package dev.steward.connector.mail;

import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.eclipse.angus.mail.imap.IMAPProvider;
import org.eclipse.angus.mail.smtp.SMTPProvider;

/**
 * Gives Jakarta Mail the thread context class loader it looks for its implementation with. Jakarta Mail finds Angus
 * Mail's providers and stream codecs through the context loader, and inside OSGi only Angus's own loader sees them
 * (no service loader mediator is installed); camel-mail sets the CamelContext's loader while it sends and when it makes
 * a session. So sessions are made here with Angus's loader, the SMTP sender switches to it around each send, and the
 * IMAP consumer around each poll.
 */
final class AngusLoader {

    /** Milliseconds a connect, a read or a write may take: within the 10 s the platform gives a route to drain. */
    static final int TIMEOUT_MS = 8_000;
    private static final ClassLoader ANGUS = SMTPProvider.class.getClassLoader();

    private AngusLoader() {
    }

    /** Work with Jakarta Mail. */
    interface Work<T> {
        T run() throws MessagingException;
    }

    static <T> T call(Work<T> work) throws MessagingException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ANGUS);
        try {
            return work.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** @return a session for one server, with Angus's provider of its protocol set explicitly, and the timeouts */
    static Session session(String protocol, MailServer server) {
        Properties props = new Properties();
        String p = "mail." + protocol + ".";
        props.setProperty(p + "host", server.host());
        props.setProperty(p + "port", Integer.toString(server.port()));
        props.setProperty(p + "auth", Boolean.toString(server.authenticates()));
        props.setProperty(p + "starttls.enable", Boolean.toString(server.starttls()));
        props.setProperty(p + "starttls.required", Boolean.toString(server.starttls()));
        props.setProperty(p + "ssl.checkserveridentity", "true");
        props.setProperty(p + "connectiontimeout", Integer.toString(TIMEOUT_MS));
        props.setProperty(p + "timeout", Integer.toString(TIMEOUT_MS));
        props.setProperty(p + "writetimeout", Integer.toString(TIMEOUT_MS));
        try {
            return call(() -> {
                Session session = Session.getInstance(props);
                session.setProvider("smtp".equals(protocol) ? new SMTPProvider() : new IMAPProvider());
                return session;
            });
        } catch (MessagingException e) {
            throw new IllegalStateException("Angus Mail's " + protocol + " provider was refused: " + e.getMessage(), e);
        }
    }

    /** @return camel-mail's SMTP sender for a server: the session, the login, and sends run with Angus's loader */
    static DefaultJavaMailSender smtpSender(MailServer server) {
        DefaultJavaMailSender sender = new DefaultJavaMailSender() {
            @Override
            public void send(MimeMessage message) throws MessagingException {
                call(() -> {
                    super.send(message);
                    return null;
                });
            }
        };
        sender.setSession(session("smtp", server));
        sender.setProtocol("smtp");
        sender.setHost(server.host());
        sender.setPort(server.port());
        if (server.authenticates()) {
            sender.setUsername(server.username());
            sender.setPassword(server.password());
        }
        return sender;
    }

    /** Camel's default poll strategy, with Angus's loader as context loader from the start of a poll to its end. */
    static final class PollStrategy extends DefaultPollingConsumerPollStrategy {

        private final ThreadLocal<ClassLoader> previous = new ThreadLocal<>();

        @Override
        public boolean begin(Consumer consumer, Endpoint endpoint) {
            previous.set(Thread.currentThread().getContextClassLoader());
            Thread.currentThread().setContextClassLoader(ANGUS);
            return super.begin(consumer, endpoint);
        }

        @Override
        public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
            restore();
            super.commit(consumer, endpoint, polledMessages);
        }

        @Override
        public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception e) throws Exception {
            restore();
            return super.rollback(consumer, endpoint, retryCounter, e);
        }

        private void restore() {
            Thread.currentThread().setContextClassLoader(previous.get());
            previous.remove();
        }
    }
}
