package dev.steward.connector.mail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.steward.api.connector.Effect;
import dev.steward.api.flow.IdempotencyKey;

/** What the mail tests share: GreenMail with SMTP and IMAP on loopback, a mailbox on it, and a kernel that starts flows by key. */
final class Mailboxes {

    static final String INBOX_USER = "inbox";
    static final String INBOX_ADDRESS = "inbox@example.org";
    static final String INBOX_PASSWORD = "inbox-password";
    static final String FROM = "steward@example.org";
    static final Duration WAIT = Duration.ofSeconds(30);

    private Mailboxes() {
    }

    /** GreenMail on two free loopback ports, with the inbox's user. */
    static GreenMail server() {
        GreenMail mail = new GreenMail(new ServerSetup[] {new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        mail.start();
        mail.setUser(INBOX_ADDRESS, INBOX_USER, INBOX_PASSWORD);
        return mail;
    }

    /** A mailbox that sends through the server and polls its inbox. */
    static MailboxSettings mailbox(String name, GreenMail server, int maxBytes) {
        return new MailboxSettings(name, new MailServer("127.0.0.1", server.getSmtp().getPort(), false, "", ""), FROM,
                new MailServer("127.0.0.1", server.getImap().getPort(), false, INBOX_USER, INBOX_PASSWORD), "INBOX",
                Duration.ofMillis(200), "mail-intake", maxBytes, 1, Duration.ofMillis(10));
    }

    static Effect effect(String key, Map<String, Object> payload) {
        return new Effect("mail.send", payload, new IdempotencyKey(key));
    }

    /** Puts a message into the inbox as the server received it. */
    static void deliver(GreenMail server, String raw) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        server.getUserManager().getUser(INBOX_USER).deliver(message);
    }

    static String plain(String messageId, String subject, String text) {
        return "Message-ID: " + messageId + "\r\nFrom: Ada <ada@example.org>\r\nTo: " + INBOX_ADDRESS + "\r\nSubject: " + subject
                + "\r\nDate: Mon, 30 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
                + text + "\r\n";
    }

    /** Marks every message of the inbox unseen again, as a crash before the SEEN flag would leave it. */
    static void markAllUnseen(GreenMail server) throws MessagingException {
        Session session = Session.getInstance(new Properties());
        try (Store store = session.getStore("imap")) {
            store.connect("127.0.0.1", server.getImap().getPort(), INBOX_USER, INBOX_PASSWORD);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            inbox.setFlags(1, inbox.getMessageCount(), new Flags(Flags.Flag.SEEN), false);
            inbox.close(false);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

}
