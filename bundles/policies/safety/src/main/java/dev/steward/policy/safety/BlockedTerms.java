package dev.steward.policy.safety;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The configured blocked terms, found ignoring case and as whole words only: a text is cut into words (runs of
 * letters, digits and underscores), and a term matches a run of words joined as in the term, so "secret" does
 * not match "secretary" or "top_secret", and "project falcon" matches "Project\n  Falcon". One pass over the
 * text with a lookup per word, whatever the number of terms.
 */
final class BlockedTerms {

    /** A term is words of letters and digits, joined by spaces or by one of - ' . &amp; - no wildcards. */
    private static final Pattern TERM = Pattern.compile("[\\p{L}\\p{Nd}]+(?:(?: +|[-'.&])[\\p{L}\\p{Nd}]+)*");
    /** How a term joins two words where it has spaces: any white space in the text will do. */
    private static final char SPACE = ' ';

    /** A term as configured, its words in lower case, and what joins each word to the next. */
    private record Term(String name, List<String> words, List<Character> joins) {
    }

    private final Map<String, List<Term>> byFirstWord = new HashMap<>();
    private final boolean[] firstWordLengths = new boolean[64];

    BlockedTerms(List<String> configured) {
        for (String term : configured) {
            if (!TERM.matcher(term).matches()) {
                throw new IllegalArgumentException(SafetyPolicy.CFG + ": blocked.terms entry '" + term
                        + "' must be a word or phrase of letters and digits (joined by spaces, -, ', . or &), "
                        + "not a pattern");
            }
            Term parsed = parse(term);
            String first = parsed.words().get(0);
            byFirstWord.computeIfAbsent(first, w -> new ArrayList<>()).add(parsed);
            firstWordLengths[Math.min(first.length(), firstWordLengths.length - 1)] = true;
        }
    }

    /** Whether there is any term to look for. */
    boolean isEmpty() {
        return byFirstWord.isEmpty();
    }

    /**
     * Finds the configured terms in a text.
     *
     * @return the terms found, as configured, each once, in the order of their first occurrence
     */
    List<String> find(String text) {
        List<String> found = new ArrayList<>(0);
        String lower = text.toLowerCase(Locale.ROOT);
        int at = 0;
        while (at < lower.length()) {
            int start = at;
            while (at < lower.length() && isWordChar(lower.charAt(at))) {
                at++;
            }
            if (at > start && firstWordLengths[Math.min(at - start, firstWordLengths.length - 1)]) {
                for (Term term : byFirstWord.getOrDefault(lower.substring(start, at), List.of())) {
                    if (!found.contains(term.name()) && restMatches(lower, at, term)) {
                        found.add(term.name());
                    }
                }
            }
            at = Math.max(at, start + 1);
        }
        return found;
    }

    /** Whether the term's second and later words follow at {@code at}, joined as in the term. */
    private static boolean restMatches(String lower, int at, Term term) {
        for (int k = 1; k < term.words().size(); k++) {
            char join = term.joins().get(k - 1);
            if (join == SPACE) {
                int start = at;
                while (at < lower.length() && Character.isWhitespace(lower.charAt(at))) {
                    at++;
                }
                if (at == start) {
                    return false;
                }
            } else if (at < lower.length() && lower.charAt(at) == join) {
                at++;
            } else {
                return false;
            }
            String word = term.words().get(k);
            if (!lower.startsWith(word, at)
                    || at + word.length() < lower.length() && isWordChar(lower.charAt(at + word.length()))) {
                return false;
            }
            at += word.length();
        }
        return true;
    }

    private static Term parse(String term) {
        List<String> words = new ArrayList<>();
        List<Character> joins = new ArrayList<>();
        int at = 0;
        while (at < term.length()) {
            int start = at;
            while (at < term.length() && isWordChar(term.charAt(at))) {
                at++;
            }
            words.add(term.substring(start, at).toLowerCase(Locale.ROOT));
            if (at < term.length() && term.charAt(at) == ' ') {
                joins.add(SPACE);
                while (term.charAt(at) == ' ') {
                    at++;
                }
            } else if (at < term.length()) {
                joins.add(term.charAt(at++));
            }
        }
        return new Term(term, List.copyOf(words), List.copyOf(joins));
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
