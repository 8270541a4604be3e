package dev.steward.memory.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;

import dev.steward.api.memory.Turn;
import dev.steward.spi.memory.Summarizer;

/**
 * The default summarizer, without a model: keeps the sentences whose words recur most across the turns (stop words
 * left out), in their original order, each prefixed with its speaker, within the length asked for. Deterministic:
 * the same turns give the same summary.
 */
@Component(service = Summarizer.class, property = "summarizer.id=" + ExtractiveSummarizer.ID)
public final class ExtractiveSummarizer implements Summarizer {

    /** Its id, recorded on the summaries it writes. */
    public static final String ID = "extractive";

    private static final Pattern SENTENCES = Pattern.compile("(?<=[.!?…])\\s+|\\R+");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’_-]*");
    private static final Set<String> STOP_WORDS = Set.of(("a about above after again against all also am an and any are "
            + "as at be because been before being below between both but by can could did do does doing done down during "
            + "each few for from further get got had has have having he her here hers herself him himself his how i if in "
            + "into is it its itself just let me more most my myself no nor not now of off ok okay on once only or other "
            + "our ours ourselves out over own same she should so some such than that the their theirs them themselves "
            + "then there these they this those through to too under until up us very was we were what when where which "
            + "while who whom why will with would yes you your yours yourself yourselves i'm it's that's don't").split(" "));

    /** One sentence of a turn, at its place in the turns. */
    private record Sentence(int position, String line, Set<String> words) {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summarize(List<Turn> turns, int maxChars) {
        if (turns == null || turns.isEmpty()) {
            throw new IllegalArgumentException("Nothing to summarize: no turns");
        }
        if (maxChars < 1) {
            throw new IllegalArgumentException("The summary length must be positive, was " + maxChars);
        }
        List<Sentence> sentences = sentences(turns);
        if (sentences.isEmpty()) {
            throw new IllegalArgumentException("Nothing to summarize: the turns hold no text");
        }
        Map<String, Integer> frequency = new HashMap<>();
        sentences.forEach(s -> s.words().forEach(w -> frequency.merge(w, 1, Integer::sum)));
        List<Sentence> ranked = new ArrayList<>(sentences);
        ranked.sort(Comparator.comparingDouble((Sentence s) -> -score(s, frequency)).thenComparingInt(Sentence::position));

        List<Sentence> kept = new ArrayList<>();
        int length = 0;
        for (Sentence s : ranked) {
            int added = s.line().length() + (kept.isEmpty() ? 0 : 1);
            if (length + added <= maxChars) {
                kept.add(s);
                length += added;
            }
        }
        if (kept.isEmpty()) {
            return cut(ranked.get(0).line(), maxChars);
        }
        kept.sort(Comparator.comparingInt(Sentence::position));
        return String.join("\n", kept.stream().map(Sentence::line).toList());
    }

    /** The sentences of the turns, in order, each once (a repeated sentence is kept where it first appears). */
    private static List<Sentence> sentences(List<Turn> turns) {
        List<Sentence> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Turn turn : turns) {
            String speaker = turn.speaker().strip();
            for (String part : SENTENCES.split(turn.text())) {
                String text = part.replaceAll("\\s+", " ").strip();
                if (!text.isEmpty() && seen.add(speaker + "\u0000" + text.toLowerCase(Locale.ROOT))) {
                    out.add(new Sentence(out.size(), speaker + ": " + text, words(text)));
                }
            }
        }
        return out;
    }

    private static Set<String> words(String text) {
        Set<String> words = new LinkedHashSet<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            String w = m.group();
            if (w.length() > 1 && !STOP_WORDS.contains(w)) {
                words.add(w);
            }
        }
        return words;
    }

    /** The summed frequency of a sentence's distinct words, damped by its length so long sentences do not win by size. */
    private static double score(Sentence s, Map<String, Integer> frequency) {
        if (s.words().isEmpty()) {
            return 0;
        }
        double sum = 0;
        for (String w : s.words()) {
            sum += frequency.get(w);
        }
        return sum / Math.sqrt(s.words().size());
    }

    /** The start of a line that is longer than the summary may be, marked as cut. */
    static String cut(String line, int maxChars) {
        if (line.length() <= maxChars) {
            return line;
        }
        return maxChars == 1 ? "…" : line.substring(0, maxChars - 1).stripTrailing() + "…";
    }
}
