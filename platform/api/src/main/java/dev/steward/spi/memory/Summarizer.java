package dev.steward.spi.memory;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

import dev.steward.api.memory.Turn;

/**
 * Writes the summary of a run of session turns that leave the live window; registered as an OSGi service. The
 * memory ships an extractive, deterministic one that needs no model; one backed by a chat model goes through the
 * model backend SPI. The memory uses the one its configuration names and falls back to the extractive one when it
 * fails.
 */
@ConsumerType
public interface Summarizer {

    /**
     * The summarizer's id, recorded on every summary it writes; a constant.
     *
     * @return the id, not blank
     */
    String id();

    /**
     * Summarizes turns.
     *
     * @param turns the turns, in order, not empty
     * @param maxChars the longest summary wanted, positive
     * @return the summary, not blank, at most {@code maxChars} characters
     * @throws Exception when it cannot summarize them; the memory then uses the extractive summarizer
     */
    String summarize(List<Turn> turns, int maxChars) throws Exception;
}
