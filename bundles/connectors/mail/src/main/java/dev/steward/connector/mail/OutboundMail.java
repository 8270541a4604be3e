package dev.steward.connector.mail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

import dev.steward.api.connector.Effect;
import dev.steward.api.flow.PermanentStepFailure;

/**
 * Turns a {@code mail.send} effect into the mail it sends, and a failed send into what the outbox should do with it.
 * The payload holds {@code to} (an address, a comma-separated list or a list), optional {@code cc}, {@code subject},
 * {@code text} (plain text) and optional {@code inReplyTo} (a Message-ID, for a reply to a received message).
 */
final class OutboundMail {

    private static final int SUBJECT_MAX = 998;

    private OutboundMail() {
    }

    /** @return {@code <sha256-hex of the key@steward>}: the same for every delivery of one effect */
    static String messageId(String idempotencyKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
            return "<" + HexFormat.of().formatHex(hash) + "@steward>";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * @return the mail of the effect, its Message-ID derived from the effect's key
     * @throws PermanentStepFailure when the payload cannot make a mail (missing field, bad address)
     */
    static MimeMessage compose(Session session, String from, Effect effect) throws PermanentStepFailure {
        Map<String, Object> p = effect.payload();
        InternetAddress[] to = addresses(p.get("to"), "to", true);
        InternetAddress[] cc = addresses(p.get("cc"), "cc", false);
        String subject = text(p.get("subject"), "subject");
        if (subject.length() > SUBJECT_MAX || subject.chars().anyMatch(c -> c == '\r' || c == '\n')) {
            throw new PermanentStepFailure("mail.send subject must be one line of at most " + SUBJECT_MAX + " characters");
        }
        String body = text(p.get("text"), "text");
        try {
            return AngusLoader.call(() -> {
                MimeMessage mail = new MimeMessage(session);
                mail.setFrom(new InternetAddress(from, true));
                mail.setRecipients(Message.RecipientType.TO, to);
                if (cc.length > 0) {
                    mail.setRecipients(Message.RecipientType.CC, cc);
                }
                mail.setSubject(subject, "UTF-8");
                mail.setText(body, "UTF-8");
                Object inReplyTo = p.get("inReplyTo");
                if (inReplyTo instanceof String id && id.matches("<[^<>\\s]+>")) {
                    mail.setHeader("In-Reply-To", id);
                    mail.setHeader("References", id);
                }
                mail.setHeader("Message-ID", messageId(effect.key().value()));
                return mail;
            });
        } catch (MessagingException e) {
            throw new PermanentStepFailure("mail.send cannot make a mail of the payload: " + e.getMessage(), e);
        }
    }

    private static InternetAddress[] addresses(Object value, String field, boolean required) throws PermanentStepFailure {
        String list = value instanceof Collection<?> c ? c.stream().map(String::valueOf).collect(Collectors.joining(","))
                : value == null ? "" : value.toString();
        if (list.isBlank()) {
            if (required) {
                throw new PermanentStepFailure("mail.send needs the payload field " + field + " (one or more mail addresses)");
            }
            return new InternetAddress[0];
        }
        try {
            return InternetAddress.parse(list, true);
        } catch (AddressException e) {
            throw new PermanentStepFailure("mail.send " + field + " holds a bad address: " + e.getMessage());
        }
    }

    private static String text(Object value, String field) throws PermanentStepFailure {
        if (value instanceof String s) {
            return s;
        }
        throw new PermanentStepFailure("mail.send needs the payload field " + field + " (text)");
    }

    /**
     * @return a {@link PermanentStepFailure} for what sending again cannot fix (a 5xx reply, refused addresses, a refused
     *         login), else the failure itself: the outbox tries again later
     */
    static Exception classify(Throwable failure, String mailbox) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            int code = replyCode(t);
            if (code >= 500) {
                return new PermanentStepFailure("mail.send from mailbox " + mailbox + " refused by the SMTP server: " + code + " "
                        + t.getMessage().strip(), t);
            }
            if (code >= 400) {
                break;
            }
            if (t instanceof AuthenticationFailedException) {
                return new PermanentStepFailure("mail.send from mailbox " + mailbox + ": the SMTP server refused the login; "
                        + "fix smtp.username or smtp.password.ref, then retry the effect", t);
            }
            if (t instanceof SendFailedException s && s.getInvalidAddresses() != null && s.getInvalidAddresses().length > 0) {
                return new PermanentStepFailure("mail.send from mailbox " + mailbox + ": invalid addresses: " + s.getMessage(), t);
            }
        }
        return failure instanceof Exception e ? e
                : new IllegalStateException("mail.send from mailbox " + mailbox + " failed: " + failure, failure);
    }

    private static int replyCode(Throwable t) {
        if (t instanceof SMTPSendFailedException e) {
            return e.getReturnCode();
        }
        if (t instanceof SMTPAddressFailedException e) {
            return e.getReturnCode();
        }
        if (t instanceof SMTPSenderFailedException e) {
            return e.getReturnCode();
        }
        return -1;
    }
}
