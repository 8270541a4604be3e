package dev.steward.connector.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

import dev.steward.api.flow.PermanentStepFailure;

/** The mail a mail.send effect makes, its Message-ID, and which SMTP failures are for good. */
class OutboundMailTest {

    private static final Session SESSION = Session.getInstance(new Properties());

    @Test
    void theMessageIdIsTheSha256OfTheKey() {
        String id = OutboundMail.messageId("flow-1:send#1");
        assertTrue(id.matches("<[0-9a-f]{64}@steward>"), id);
        assertEquals(id, OutboundMail.messageId("flow-1:send#1"));
        assertNotEquals(id, OutboundMail.messageId("flow-1:send#2"));
    }

    @Test
    void thePayloadMakesTheMail() throws Exception {
        MimeMessage mail = OutboundMail.compose(SESSION, "Steward <steward@example.org>", Mailboxes.effect("k#1", Map.of(
                "to", List.of("ada@example.org", "Bob <bob@example.org>"), "subject", "Re: Quote", "text", "Thanks.",
                "inReplyTo", "<m-1@example.org>")));
        assertEquals(OutboundMail.messageId("k#1"), mail.getMessageID());
        assertEquals(2, mail.getRecipients(jakarta.mail.Message.RecipientType.TO).length);
        assertEquals("<m-1@example.org>", mail.getHeader("In-Reply-To", ","));
        assertEquals("Thanks.", mail.getContent());
    }

    @Test
    void aPayloadThatMakesNoMailFailsForGood() {
        assertThrows(PermanentStepFailure.class, () -> OutboundMail.compose(SESSION, "s@example.org",
                Mailboxes.effect("k#1", Map.of("subject", "s", "text", "t"))));
        assertThrows(PermanentStepFailure.class, () -> OutboundMail.compose(SESSION, "s@example.org",
                Mailboxes.effect("k#1", Map.of("to", "a@@b", "subject", "s", "text", "t"))));
        assertThrows(PermanentStepFailure.class, () -> OutboundMail.compose(SESSION, "s@example.org",
                Mailboxes.effect("k#1", Map.of("to", "a@example.org", "subject", "two\nlines", "text", "t"))));
        assertThrows(PermanentStepFailure.class, () -> OutboundMail.compose(SESSION, "s@example.org",
                Mailboxes.effect("k#1", Map.of("to", "a@example.org", "subject", "s"))));
    }

    @Test
    void fiveHundredRepliesRefusedAddressesAndLoginsAreForGood() throws Exception {
        InternetAddress ada = new InternetAddress("ada@example.org");
        SMTPAddressFailedException unknown = new SMTPAddressFailedException(ada, "RCPT TO", 550, "550 no such user");
        SendFailedException invalid = new SendFailedException("Invalid Addresses", unknown, new InternetAddress[0],
                new InternetAddress[0], new InternetAddress[] {ada});
        assertInstanceOf(PermanentStepFailure.class, OutboundMail.classify(invalid, "office"));
        assertInstanceOf(PermanentStepFailure.class, OutboundMail.classify(
                new SMTPSendFailedException("DATA", 554, "554 rejected as spam", null, null, null, null), "office"));
        assertInstanceOf(PermanentStepFailure.class, OutboundMail.classify(new AuthenticationFailedException("535 failed"), "office"));
    }

    @Test
    void fourHundredRepliesAndLostConnectionsMayPass() {
        MessagingException greylisted = new SMTPSendFailedException("RCPT TO", 451, "451 try again later", null, null, null, null);
        assertSame(greylisted, OutboundMail.classify(greylisted, "office"));
        MessagingException refused = new MessagingException("Couldn't connect to host", new ConnectException("Connection refused"));
        assertSame(refused, OutboundMail.classify(refused, "office"));
    }
}
