package dev.steward.memory.internal;

import java.util.Locale;

/**
 * Turns user text into a fulltext query that matches its words: Lucene's syntax characters are escaped and the
 * text lower-cased (so that AND, OR and NOT are words, not operators), so no input can make the query fail.
 */
final class LuceneQuery {

    private static final String SPECIAL = "+-&|!(){}[]^\"~*?:\\/";

    private LuceneQuery() {
    }

    static String of(String text) {
        StringBuilder b = new StringBuilder(text.length() + 8);
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            if (SPECIAL.indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(Character.isWhitespace(c) ? ' ' : c);
        }
        return b.toString().trim();
    }
}
