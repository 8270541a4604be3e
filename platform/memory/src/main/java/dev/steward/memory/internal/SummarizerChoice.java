package dev.steward.memory.internal;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.memory.Turn;
import dev.steward.spi.memory.Summarizer;

/**
 * Writes a session summary with the summarizer the configuration names, and with the extractive one when that one
 * is not registered, fails, or answers with an empty or overlong text; says which wrote it. Each fallback is counted
 * and logged, never with the turns' content.
 */
final class SummarizerChoice {

    /**
     * A summary and who wrote it.
     *
     * @param text the summary
     * @param summarizer the id of the summarizer that wrote it
     * @param fallbackFrom the configured summarizer that could not, or {@code null}
     */
    record Written(String text, String summarizer, String fallbackFrom) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SummarizerChoice.class);

    private final ExtractiveSummarizer extractive = new ExtractiveSummarizer();
    private final String wanted;
    private final Supplier<Collection<Summarizer>> registered;
    private final AtomicLong fallbacks = new AtomicLong();

    SummarizerChoice(String wanted, Supplier<Collection<Summarizer>> registered) {
        this.wanted = wanted;
        this.registered = registered;
    }

    Written summarize(List<Turn> turns, int maxChars) {
        if (wanted.equals(ExtractiveSummarizer.ID)) {
            return new Written(extractive.summarize(turns, maxChars), ExtractiveSummarizer.ID, null);
        }
        String problem;
        Summarizer chosen = registered.get().stream().filter(s -> wanted.equals(id(s))).findFirst().orElse(null);
        if (chosen == null) {
            problem = "it is not registered";
        } else {
            try {
                String text = chosen.summarize(turns, maxChars);
                if (text != null && !text.isBlank() && text.length() <= maxChars) {
                    return new Written(text, wanted, null);
                }
                problem = text == null || text.isBlank() ? "it wrote nothing"
                        : "it wrote " + text.length() + " characters, over the " + maxChars + " allowed";
            } catch (Exception | LinkageError e) {
                problem = "it failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
        fallbacks.incrementAndGet();
        LOG.warn("Session summarizer '{}' not used for turns {}..{} of a session ({}); the extractive summarizer wrote "
                + "that summary", wanted, turns.get(0).seq(), turns.get(turns.size() - 1).seq(), problem);
        return new Written(extractive.summarize(turns, maxChars), ExtractiveSummarizer.ID, wanted);
    }

    /** How many summaries the extractive summarizer wrote in place of the configured one since start. */
    long fallbacks() {
        return fallbacks.get();
    }

    private static String id(Summarizer s) {
        try {
            return s.id();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
