package dev.steward.notify.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailSettingsTest {

    private static MailSettings settings(String host, int port, String user, String password, String from, String to) {
        return new MailSettings(Duration.ofSeconds(10), host, port, user, password, true, from, to, 3, Duration.ofSeconds(1));
    }

    private static String problem(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void validSettingsKeepAddressesAndHideThePassword() {
        MailSettings s = settings("smtp.example.org", 587, "steward", "s3cret", "Steward <steward@example.org>",
                "ops@example.org, boss@example.org");
        assertEquals("Steward <steward@example.org>", s.from());
        assertEquals("ops@example.org, boss@example.org", s.to());
        assertTrue(s.authenticates());
        assertFalse(s.toString().contains("s3cret"), s.toString());
    }

    @Test
    void aNameBeyondAsciiIsEncodedForTheHeader() {
        MailSettings s = settings("h", 25, "", "", "Stéward <steward@example.org>", "d@e.f");
        assertTrue(s.from().startsWith("=?UTF-8?") && s.from().endsWith("?= <steward@example.org>"), s.from());
    }

    @Test
    void wrongSettingsNameTheKeyToChange() {
        assertTrue(problem(() -> settings("", 25, "", "", "a@b.c", "d@e.f")).startsWith("smtp.host in etc/dev.steward.notify.mail.cfg"));
        assertTrue(problem(() -> settings("h", 0, "", "", "a@b.c", "d@e.f")).startsWith("smtp.port"));
        assertTrue(problem(() -> settings("h", 25, "u", "", "a@b.c", "d@e.f")).startsWith("smtp.username"));
        assertTrue(problem(() -> settings("h", 25, "", "", "", "d@e.f")).startsWith("from "));
        assertTrue(problem(() -> settings("h", 25, "", "", "a@b.c, x@y.z", "d@e.f")).startsWith("from "));
        assertTrue(problem(() -> settings("h", 25, "", "", "a@b.c", "not an address")).startsWith("to "));
        assertTrue(problem(() -> new MailSettings(Duration.ZERO, "h", 25, "", "", false, "a@b.c", "d@e.f", 0, Duration.ZERO))
                .startsWith("poll.seconds"));
    }

    @Test
    void passwordComesFromAFileOrTheEnvironmentNeverFromTheConfig(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("smtp.password");
        Files.writeString(secret, "s3cret\nignored\n");
        assertEquals("s3cret", PasswordReference.resolve("file:" + secret, MailSettings.PID, "smtp.password.ref"));
        String plain = problem(() -> PasswordReference.resolve("s3cret", MailSettings.PID, "smtp.password.ref"));
        assertTrue(plain.contains("must be file:/path/to/secret or env:VARIABLE") && !plain.contains("s3cret"), plain);
        String unset = problem(() -> PasswordReference.resolve("env:STEWARD_TEST_UNSET_VARIABLE", MailSettings.PID, "smtp.password.ref"));
        assertTrue(unset.contains("STEWARD_TEST_UNSET_VARIABLE is not set"), unset);
        String missing = problem(() -> PasswordReference.resolve("file:" + dir.resolve("none"), MailSettings.PID, "k"));
        assertTrue(missing.contains("cannot be read"), missing);
    }
}
