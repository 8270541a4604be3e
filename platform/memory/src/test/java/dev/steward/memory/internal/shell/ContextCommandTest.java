package dev.steward.memory.internal.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.steward.api.memory.ContextBundle;
import dev.steward.api.memory.ContextItem;
import dev.steward.api.memory.MemoryTier;

class ContextCommandTest {

    @Test
    void eachItemShowsItsCitationThenItsTextAndTheBundleItsBudget() {
        ContextBundle bundle = new ContextBundle("invoice", List.of(
                new ContextItem("f-1/draft", MemoryTier.EPHEMERAL, "working", "Dear Ann,\nthe invoice", 1.0, null, false),
                new ContextItem("ep-1", MemoryTier.KNOWLEDGE, "episode", "Ann ask", 0.03,
                        Instant.parse("2026-01-05T01:00:00Z"), true)), 28, 28, 2);
        String n = System.lineSeparator();
        assertEquals("[1] EPHEMERAL working  f-1/draft" + n
                + "    Dear Ann," + n
                + "    the invoice" + n
                + "[2] KNOWLEDGE episode  ep-1  2026-01-05T01:00:00Z  (cut)" + n
                + "    Ann ask" + n
                + "2 item(s), 28 of 28 characters, 2 omitted", ContextCommand.render(bundle));
    }
}
