package dev.steward.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.steward.api.memory.Provenance;
import dev.steward.api.memory.Turn;

@Timeout(30)
class ExtractiveSummarizerTest {

    static final Provenance P = new Provenance("connector", "chat", null, null);

    static Turn turn(long seq, String speaker, String text) {
        return new Turn("t-" + seq, "s", seq, speaker, text, Instant.parse("2026-11-30T09:00:00Z").plusSeconds(seq),
                null, P);
    }

    final List<Turn> conversation = List.of(
            turn(1, "client", "Hello there. My invoice 4411 shows the wrong delivery address."),
            turn(2, "operator", "Sorry about that! Which delivery address should the invoice show?"),
            turn(3, "client", "The new delivery address is 12 Rue Vieille, Lyon. Thanks."),
            turn(4, "operator", "Done: invoice 4411 now has the new delivery address. Anything else?"),
            turn(5, "client", "No, that is all. Have a nice day."));

    @Test
    void theSameTurnsGiveTheSameSummary() {
        String once = new ExtractiveSummarizer().summarize(conversation, 200);
        for (int i = 0; i < 5; i++) {
            assertEquals(once, new ExtractiveSummarizer().summarize(List.copyOf(conversation), 200));
        }
    }

    @Test
    void itKeepsTheSentencesOnTheRecurringTopicInTheirOrderWithTheirSpeaker() {
        String summary = new ExtractiveSummarizer().summarize(conversation, 240);
        assertEquals("""
                client: My invoice 4411 shows the wrong delivery address.
                operator: Which delivery address should the invoice show?
                client: The new delivery address is 12 Rue Vieille, Lyon.
                operator: Done: invoice 4411 now has the new delivery address.""", summary);
        assertFalse(summary.contains("nice day"), "small talk has no recurring words");
    }

    @Test
    void theSummaryNeverExceedsTheLengthAskedForAndIsNeverBlank() {
        List<Turn> turns = new ArrayList<>(conversation);
        turns.add(turn(6, "client", "A very long sentence without any end ".repeat(40)));
        for (int max = 1; max <= 400; max += 7) {
            String summary = new ExtractiveSummarizer().summarize(turns, max);
            assertTrue(summary.length() <= max, max + ": " + summary);
            assertFalse(summary.isBlank(), "max " + max);
        }
        assertEquals("client: A very long…", new ExtractiveSummarizer().summarize(
                List.of(turn(1, "client", "A very long sentence without any end ".repeat(40))), 20));
    }

    @Test
    void repeatedSentencesAreKeptOnceAndWordsOfStopListDoNotCount() {
        List<Turn> turns = List.of(turn(1, "client", "The the the. Budget review on Friday."),
                turn(2, "client", "Budget review on Friday."), turn(3, "operator", "And it is so."));
        assertEquals("client: Budget review on Friday.", new ExtractiveSummarizer().summarize(turns, 40));
    }

    @Test
    void nothingToSummarizeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ExtractiveSummarizer().summarize(List.of(), 100));
        assertThrows(IllegalArgumentException.class, () -> new ExtractiveSummarizer().summarize(conversation, 0));
    }
}
