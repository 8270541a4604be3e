package dev.steward.connector.mail;

import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Date;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.Address;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.StoreClosedException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Reads a received message into the input of the flow it starts: {@code mailbox}, {@code messageId}, {@code from},
 * {@code to}, {@code cc}, {@code subject}, {@code text} (the first text/plain part, else the first text/html part),
 * {@code receivedDate} and {@code sentDate} (ISO-8601, or null). A message that is too large is read without its body
 * and one whose content cannot be decoded without what failed; either is marked refused, with the reason.
 */
final class InboundMail {

    private InboundMail() {
    }

    /**
     * @param input the flow input, as much of it as could be read
     * @param messageId the Message-ID, or {@code sha256:<hex of the header lines>} for a message without one
     * @param refusal why the message cannot start a flow, or {@code null}
     */
    record Read(Map<String, Object> input, String messageId, String refusal) {
    }

    /**
     * @throws MessagingException when the server cannot be read (the connection is lost): the poll fails and the
     *         message stays unseen for the next one
     */
    static Read read(Message message, String mailbox, int maxBytes) throws MessagingException {
        String messageId = messageId(message);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("mailbox", mailbox);
        input.put("messageId", messageId);
        try {
            input.put("from", addresses(message.getFrom()));
            input.put("to", addresses(message.getRecipients(Message.RecipientType.TO)));
            input.put("cc", addresses(message.getRecipients(Message.RecipientType.CC)));
            input.put("subject", message.getSubject() == null ? "" : message.getSubject());
            input.put("receivedDate", iso(message.getReceivedDate()));
            input.put("sentDate", iso(message.getSentDate()));
            int size = message.getSize();
            if (size > maxBytes) {
                return new Read(input, messageId, "message of " + size + " bytes exceeds max.message.bytes " + maxBytes
                        + "; its body was not read");
            }
            input.put("text", text(message));
            return new Read(input, messageId, null);
        } catch (MessagingException | IOException e) {
            if (lostConnection(e)) {
                throw e instanceof MessagingException m ? m : new MessagingException("reading the message failed", e);
            }
            return new Read(input, messageId, "message cannot be read: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static String messageId(Message message) throws MessagingException {
        String id = message instanceof MimeMessage m ? m.getMessageID() : null;
        if (id != null && !id.isBlank() && id.length() <= 250) {
            return id.strip();
        }
        StringBuilder headers = new StringBuilder();
        if (message instanceof MimeMessage m) {
            for (Enumeration<String> lines = m.getAllHeaderLines(); lines.hasMoreElements();) {
                headers.append(lines.nextElement()).append('\n');
            }
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(headers.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** @return the first text/plain part, else the first text/html part, else "" */
    private static String text(Part part) throws MessagingException, IOException {
        String plain = find(part, "text/plain");
        if (plain != null) {
            return plain;
        }
        String html = find(part, "text/html");
        return html == null ? "" : html;
    }

    private static String find(Part part, String type) throws MessagingException, IOException {
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return null;
        }
        if (part.isMimeType(type)) {
            Object content = part.getContent();
            return content instanceof String s ? s : null;
        }
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String found = find(multipart.getBodyPart(i), type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static List<String> addresses(Address[] addresses) {
        List<String> list = new ArrayList<>();
        if (addresses != null) {
            for (Address a : addresses) {
                list.add(a instanceof InternetAddress i ? i.toUnicodeString() : a.toString());
            }
        }
        return list;
    }

    private static String iso(Date date) {
        return date == null ? null : date.toInstant().toString();
    }

    private static boolean lostConnection(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FolderClosedException || t instanceof StoreClosedException || t instanceof SocketException
                    || t instanceof java.net.SocketTimeoutException
                    || t.getClass().getName().equals("org.eclipse.angus.mail.iap.ConnectionException")) {
                return true;
            }
        }
        return false;
    }
}
