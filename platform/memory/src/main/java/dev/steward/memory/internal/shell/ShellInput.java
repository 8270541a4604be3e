package dev.steward.memory.internal.shell;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.console.Session;

import dev.steward.api.memory.Provenance;

/** Reads the memory commands' options: instants, {@code key=value} labels, sources; as the REST API reads them. */
final class ShellInput {

    private ShellInput() {
    }

    /**
     * An ISO-8601 instant with a zone ({@code 2026-01-02T03:04:05Z}, {@code ...+01:00}) or a date (midnight UTC).
     *
     * @param text the text, or {@code null}
     * @param what the option, for the message
     * @return the instant, or {@code null} when {@code text} is
     */
    static Instant instant(String text, String what) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(text.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException alsoNot) {
                throw new IllegalArgumentException(what + " '" + text + "' is not an ISO-8601 instant with a zone, "
                        + "such as 2026-01-02T03:04:05Z, or a date such as 2026-01-02");
            }
        }
    }

    static Map<String, String> labels(List<String> pairs) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (pairs != null) {
            for (String pair : pairs) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--meta '" + pair + "' must be key=value");
                }
                labels.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return labels;
    }

    /** {@code type:id}, a bare id (source type {@code client}), or, when absent, the shell user. */
    static Provenance provenance(String source, Session session) {
        if (source == null) {
            return new Provenance("user", user(session), null, null);
        }
        String s = source.strip();
        int colon = s.indexOf(':');
        if (s.isEmpty() || colon == 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("source '" + source + "' must be a source id or type:id");
        }
        return colon < 0 ? new Provenance("client", s, null, null)
                : new Provenance(s.substring(0, colon), s.substring(colon + 1), null, null);
    }

    static String user(Session session) {
        Object user = session == null ? null : session.get("USER");
        return user == null ? "shell" : user.toString();
    }

    static String oneLine(String text, int max) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}
