package dev.steward.connector.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mailbox's configuration: loopback defaults, nothing without from or flow, passwords only by reference. */
class MailboxSettingsTest {

    @TempDir
    Path dir;

    @Test
    void aMailboxWithOnlyFromSendsThroughTheLoopbackServerAndIsNotPolled() {
        MailboxSettings s = MailboxSettings.of(config(Map.of("from", "steward@example.org")), file("office"));
        assertEquals("office", s.name());
        assertTrue(s.sends());
        assertFalse(s.polls());
        assertNull(s.imap());
        assertEquals("127.0.0.1", s.smtp().host());
        assertEquals(25, s.smtp().port());
        assertTrue(s.smtp().starttls());
        assertFalse(s.smtp().authenticates());
        assertEquals("direct:steward-connector-mail-office-send", s.sendUri());
    }

    @Test
    void aMailboxThatNeitherSendsNorIsPolledIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MailboxSettings.of(config(Map.of()), file("office")));
        assertTrue(e.getMessage().contains("etc/dev.steward.connector.mail-office.cfg"), e.getMessage());
    }

    @Test
    void pollingNeedsALoginWhosePasswordIsReadFromItsReference() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> MailboxSettings.of(config(Map.of("flow", "intake")), file("office")));
        Path secret = dir.resolve("imap.secret");
        Files.writeString(secret, "s3cret-imap\n");
        MailboxSettings s = MailboxSettings.of(config(Map.of("flow", "intake", "imap.username", "office",
                "imap.password.ref", "file:" + secret, "poll.seconds", 30)), file("office"));
        assertTrue(s.polls());
        assertFalse(s.sends());
        assertEquals("s3cret-imap", s.imap().password());
        assertEquals("127.0.0.1", s.imap().host());
        assertEquals(143, s.imap().port());
        assertEquals("INBOX", s.folder());
        assertEquals("mail-office:<m@x>", s.startKey("<m@x>"));
        assertFalse(s.toString().contains("s3cret"), s.toString());
        assertFalse(s.imap().toString().contains("s3cret"));
    }

    @Test
    void aMissingSecretIsNamedButNeverShown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MailboxSettings.of(config(Map.of(
                "from", "a@example.org", "smtp.username", "a", "smtp.password.ref", "env:STEWARD_NO_SUCH_VARIABLE")), file("office")));
        assertTrue(e.getMessage().contains("STEWARD_NO_SUCH_VARIABLE"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MailboxSettings.of(config(Map.of("from", "a@example.org",
                "smtp.username", "a", "smtp.password.ref", "the-password-itself")), file("office")));
        assertThrows(IllegalArgumentException.class, () -> MailboxSettings.of(config(Map.of("from", "a@example.org",
                "smtp.username", "a")), file("office")), "a login needs its password reference");
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MailboxSettings.of(config(Map.of("from", "not an address")),
                file("office"))).getMessage().startsWith("from in"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MailboxSettings.of(config(Map.of("from", "a@example.org",
                "smtp.port", 0)), file("office"))).getMessage().startsWith("smtp.host in"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MailboxSettings.of(config(Map.of("from", "a@example.org",
                "name", "a b")), file("office"))).getMessage().startsWith("name in"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MailboxSettings.of(config(Map.of("from", "a@example.org",
                "max.message.bytes", 0)), file("office"))).getMessage().startsWith("max.message.bytes in"));
    }

    private static Map<String, Object> file(String name) {
        Map<String, Object> props = new HashMap<>();
        props.put("felix.fileinstall.filename", "file:/opt/steward/etc/" + MailboxSettings.PID + "-" + name + ".cfg");
        return props;
    }

    /** The configuration as DS hands it over: the annotation's defaults, overridden by the given keys (dots for _). */
    private static MailboxConfig config(Map<String, Object> values) {
        return (MailboxConfig) java.lang.reflect.Proxy.newProxyInstance(MailboxConfig.class.getClassLoader(),
                new Class<?>[] {MailboxConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return MailboxConfig.class;
                    }
                    Object v = values.get(method.getName().replace('_', '.'));
                    return v != null ? v : method.getDefaultValue();
                });
    }
}
