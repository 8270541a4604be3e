package dev.steward.memory.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * The session tier's settings from {@code etc/dev.steward.memory.sessions.cfg}, checked: a wrong value fails the
 * component's activation with a message naming the key, the value and what is expected.
 *
 * @param window live (unsummarized) turns kept per session; the upkeep summarizes the older ones
 * @param turnRetention how long a turn is kept after it occurred
 * @param summaryMaxChars the longest summary
 * @param summarizer the id of the summarizer that writes summaries ({@code extractive} or a registered one)
 * @param upkeepInterval the time between two scheduled upkeep runs
 */
record SessionSettings(int window, Duration turnRetention, int summaryMaxChars, String summarizer,
        Duration upkeepInterval) {

    static final String FILE = "etc/dev.steward.memory.sessions.cfg";
    static final int MAX_WINDOW = 10_000;
    static final int MIN_SUMMARY = 20;
    static final int MAX_SUMMARY = 100_000;

    SessionSettings {
        if (window < 1 || window > MAX_WINDOW) {
            throw invalid("window", window, "a number of turns from 1 to " + MAX_WINDOW);
        }
        if (turnRetention == null || turnRetention.isNegative() || turnRetention.isZero()) {
            throw invalid("turn.retention", turnRetention, "a positive ISO-8601 duration such as P365D");
        }
        if (summaryMaxChars < MIN_SUMMARY || summaryMaxChars > MAX_SUMMARY) {
            throw invalid("summary.max.chars", summaryMaxChars, "a number from " + MIN_SUMMARY + " to " + MAX_SUMMARY);
        }
        if (summarizer == null || summarizer.isBlank()) {
            throw invalid("summarizer", summarizer, "extractive or the id of a registered summarizer");
        }
        summarizer = summarizer.strip();
        if (upkeepInterval == null || upkeepInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw invalid("upkeep.interval", upkeepInterval, "an ISO-8601 duration of at least PT1S, such as PT1H");
        }
    }

    /** The defaults of the shipped file. */
    static SessionSettings defaults() {
        return new SessionSettings(50, Duration.ofDays(365), 2_000, ExtractiveSummarizer.ID, Duration.ofHours(1));
    }

    static SessionSettings of(Neo4jSessionHistory.Config c) {
        return new SessionSettings(c.window(), duration("turn.retention", c.turn_retention()), c.summary_max_chars(),
                c.summarizer(), duration("upkeep.interval", c.upkeep_interval()));
    }

    /** An ISO-8601 duration ({@code P365D}, {@code PT12H}); days are the largest unit (no years or months). */
    static Duration duration(String key, String text) {
        try {
            return Duration.parse(text == null ? "" : text.strip());
        } catch (DateTimeParseException e) {
            throw invalid(key, text, "an ISO-8601 duration such as P365D, PT12H or PT30M (days at most, no years or months)");
        }
    }

    private static IllegalArgumentException invalid(String key, Object value, String expected) {
        return new IllegalArgumentException("invalid configuration in " + FILE + ": " + key + " '" + value
                + "' must be " + expected);
    }
}
