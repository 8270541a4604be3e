package dev.steward.policy.safety;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds personal data in a text, in this order: e-mail addresses, IBANs (mod-97 checked), payment card numbers
 * (Luhn checked) and phone numbers (9 to 15 digits), and replaces what it finds. A later kind never claims text
 * an earlier one found, so a card number is not also a phone number. The scanners are written by hand, one pass
 * each over the text: regular expressions tried at every position cost ten times as much here.
 */
final class PersonalData {

    /** The kinds of personal data, in the order they are looked for. */
    enum Kind {
        EMAIL, IBAN, CARD, PHONE;

        /** How reasons and redactions name it: {@code email}, {@code iban}, {@code card}, {@code phone}. */
        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One item found: its kind and where it is in the text. */
    record Item(Kind kind, int start, int end) {
    }

    /** What may stand between two digits of a phone number (at most one of them). */
    private static final String[] PHONE_SEPARATORS = {" ", ".", "-", ")", ") ", ").", ")-", " (", "("};
    /** What a phone number is not: an amount with decimals, or an ISO date followed by more numbers. */
    private static final Pattern NOT_PHONE =
            Pattern.compile("[0-9]+\\.[0-9]{1,2}|[12][0-9]{3}-[01][0-9]-[0-3][0-9] .*");

    private PersonalData() {
    }

    /**
     * Finds the personal data in a text.
     *
     * @return the items found, in text order, none overlapping
     */
    static List<Item> find(String text) {
        List<Item> items = new ArrayList<>(0);
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            email(text, at, items);
        }
        if (hasDigit(text)) {
            // one loop per scanner, each call site seeing one method, so that the JIT inlines it
            for (int at = 0; at < text.length(); ) {
                at = Iban.scan(text, at, items);
            }
            for (int at = 0; at < text.length(); ) {
                at = card(text, at, items);
            }
            for (int at = 0; at < text.length(); ) {
                at = phone(text, at, items);
            }
        }
        items.sort(Comparator.comparingInt(Item::start));
        return items;
    }

    /** The text with each item replaced by {@code [redacted:<kind>]}. */
    static String redact(String text, List<Item> items) {
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Item item : items) {
            out.append(text, at, item.start()).append("[redacted:").append(item.kind().label()).append(']');
            at = item.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    /** Adds an item unless it overlaps one found before. */
    static void add(List<Item> items, Kind kind, int start, int end) {
        for (Item i : items) {
            if (i.start() < end && start < i.end()) {
                return;
            }
        }
        items.add(new Item(kind, start, end));
    }

    /** An address around the '@' at {@code at}: a local part, and a domain of labels ending in 2+ letters. */
    private static void email(String t, int at, List<Item> items) {
        int start = at;
        while (start > 0 && isIn(t.charAt(start - 1), "._%+-")) {
            start--;
        }
        int end = at + 1;
        while (end < t.length() && isIn(t.charAt(end), ".-")) {
            end++;
        }
        while (end > at + 1 && !Character.isLetter(t.charAt(end - 1))) {
            end--;
        }
        String domain = t.substring(at + 1, end);
        int dot = domain.lastIndexOf('.');
        if (start < at && dot > 0 && domain.length() - dot > 2 && !domain.contains("..")
                && domain.substring(dot + 1).chars().allMatch(Character::isLetter)) {
            add(items, Kind.EMAIL, start, end);
        }
    }

    /** 13 to 19 digits, single spaces or hyphens between them, not glued to another digit or a '+'; Luhn. */
    private static int card(String t, int at, List<Item> items) {
        if (!isDigit(t.charAt(at)) || at > 0 && (Character.isDigit(t.charAt(at - 1)) || t.charAt(at - 1) == '+')) {
            return at + 1;
        }
        int end = -1;
        int j = at + 1;
        for (int digits = 1; digits < 19; ) {
            if (j < t.length() && isDigit(t.charAt(j))) {
                j++;
            } else if (j + 1 < t.length() && (t.charAt(j) == ' ' || t.charAt(j) == '-') && isDigit(t.charAt(j + 1))) {
                j += 2;
            } else {
                break;
            }
            digits++;
            if (digits >= 13 && (j == t.length() || !Character.isDigit(t.charAt(j)))) {
                end = j;
            }
        }
        if (end < 0) {
            return at + 1;
        }
        if (Checksums.isLuhn(digits(t.substring(at, end)))) {
            add(items, Kind.CARD, at, end);
        }
        return end;
    }

    /**
     * An optional '+', then digits with at most one separator between two of them (space, '.', '-', parentheses);
     * not inside a word, a path, an identifier or a time; 9 to 15 digits, not an amount or a date.
     */
    private static int phone(String t, int at, List<Item> items) {
        char first = t.charAt(at);
        if (!isDigit(first) && first != '+' && first != '(' || at > 0 && isIn(t.charAt(at - 1), "_/=#@.+-")) {
            return at + 1;
        }
        int j = at;
        j += j < t.length() && t.charAt(j) == '+' ? 1 : 0;
        j += j < t.length() && t.charAt(j) == '(' ? 1 : 0;
        if (j >= t.length() || !isDigit(t.charAt(j))) {
            return at + 1;
        }
        int end = -1;
        for (j = j + 1; j > 0; j = nextDigit(t, j)) {
            if (j == t.length() || !isIn(t.charAt(j), "_:")) {
                end = j;
            }
        }
        if (end < 0) {
            return at + 1;
        }
        String found = t.substring(at, end);
        int digits = digits(found).length();
        if (digits >= 9 && digits <= 15 && !NOT_PHONE.matcher(found).matches()) {
            add(items, Kind.PHONE, at, end);
        }
        return end;
    }

    /** The index after the next digit of a phone number, which follows at {@code j}, or -1. */
    private static int nextDigit(String t, int j) {
        if (j < t.length() && isDigit(t.charAt(j))) {
            return j + 1;
        }
        if (j >= t.length() || " .-()".indexOf(t.charAt(j)) < 0) {
            return -1;
        }
        for (String separator : PHONE_SEPARATORS) {
            int digit = j + separator.length();
            if (digit < t.length() && isDigit(t.charAt(digit)) && t.startsWith(separator, j)) {
                return digit + 1;
            }
        }
        return -1;
    }

    /** Whether a character is a letter, a digit or one of the others. */
    private static boolean isIn(char c, String others) {
        return Character.isLetterOrDigit(c) || others.indexOf(c) >= 0;
    }

    static String digits(String s) {
        StringBuilder d = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            if (isDigit(s.charAt(i))) {
                d.append(s.charAt(i));
            }
        }
        return d.toString();
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean hasDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isDigit(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
