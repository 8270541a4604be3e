package dev.steward.memory.internal;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Normalizes names so that spellings of the same name meet: lower case, accents stripped, whitespace collapsed. */
final class NameKey {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private NameKey() {
    }

    static String of(String name) {
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFKD);
        String plain = MARKS.matcher(decomposed).replaceAll("");
        return SPACE.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
    }

    /** The key that is unique per entity: type and normalized name. */
    static String typeNameKey(String type, String nameKey) {
        return type + "|" + nameKey;
    }
}
