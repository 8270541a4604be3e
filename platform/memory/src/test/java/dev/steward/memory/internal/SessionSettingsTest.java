package dev.steward.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SessionSettingsTest {

    @Test
    void wrongValuesNameTheKeyTheValueAndWhatIsExpected() {
        assertEquals("invalid configuration in etc/dev.steward.memory.sessions.cfg: window '0' must be a number of turns "
                + "from 1 to 10000", message(() -> new SessionSettings(0, Duration.ofDays(1), 500, "extractive",
                        Duration.ofHours(1))));
        assertEquals("invalid configuration in etc/dev.steward.memory.sessions.cfg: turn.retention '1 year' must be an "
                + "ISO-8601 duration such as P365D, PT12H or PT30M (days at most, no years or months)",
                message(() -> SessionSettings.duration("turn.retention", "1 year")));
        assertEquals("invalid configuration in etc/dev.steward.memory.sessions.cfg: summary.max.chars '5' must be a "
                + "number from 20 to 100000", message(() -> new SessionSettings(5, Duration.ofDays(1), 5, "extractive",
                        Duration.ofHours(1))));
        assertEquals("invalid configuration in etc/dev.steward.memory.sessions.cfg: summarizer ' ' must be extractive or "
                + "the id of a registered summarizer", message(() -> new SessionSettings(5, Duration.ofDays(1), 500, " ",
                        Duration.ofHours(1))));
        assertEquals("invalid configuration in etc/dev.steward.memory.sessions.cfg: upkeep.interval 'PT0.5S' must be an "
                + "ISO-8601 duration of at least PT1S, such as PT1H", message(() -> new SessionSettings(5,
                        Duration.ofDays(1), 500, "extractive", Duration.ofMillis(500))));
    }

    @Test
    void theShippedDefaultsAreValid() {
        assertEquals(Duration.ofDays(365), SessionSettings.duration("turn.retention", " P365D "));
        assertEquals(50, SessionSettings.defaults().window());
    }

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }
}
