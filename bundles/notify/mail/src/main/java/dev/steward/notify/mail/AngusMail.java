package dev.steward.notify.mail;

import java.io.IOException;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.apache.camel.Exchange;
import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.apache.camel.component.mail.MailBinding;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.component.mail.MailHeaderFilterStrategy;
import org.eclipse.angus.mail.smtp.SMTPProvider;

/**
 * Runs Jakarta Mail with Angus Mail's class loader as the thread context class loader, which is where Jakarta
 * Mail looks for its implementation: at every encoding of a header or body it asks the context loader for
 * Angus's stream provider. Inside OSGi no other loader finds it (no service loader mediator is installed), and
 * camel-mail sets the CamelContext's loader while it sends; so the mail binding and the sender of the SMTP
 * endpoint switch to Angus's loader for their Jakarta Mail calls.
 */
final class AngusMail {

    private AngusMail() {
    }

    /** Work with Jakarta Mail. */
    interface Work<T> {
        T run() throws MessagingException, IOException;
    }

    static <T> T call(Work<T> work) throws MessagingException, IOException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(SMTPProvider.class.getClassLoader());
        try {
            return work.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** camel-mail's binding (Camel message to mail), run with Angus's loader. */
    static final class Binding extends MailBinding {

        Binding() {
            super(new MailHeaderFilterStrategy(), null, false);
        }

        @Override
        public void populateMailMessage(MailEndpoint endpoint, MimeMessage mimeMessage, Exchange exchange)
                throws MessagingException, IOException {
            call(() -> {
                super.populateMailMessage(endpoint, mimeMessage, exchange);
                return null;
            });
        }
    }

    /** camel-mail's SMTP sender, run with Angus's loader. */
    static final class Sender extends DefaultJavaMailSender {

        @Override
        public void send(MimeMessage mimeMessage) throws MessagingException {
            try {
                call(() -> {
                    super.send(mimeMessage);
                    return null;
                });
            } catch (IOException e) {
                throw new MessagingException("Sending failed: " + e.getMessage(), e);
            }
        }
    }
}
