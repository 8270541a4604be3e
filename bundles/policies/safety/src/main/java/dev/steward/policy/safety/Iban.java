package dev.steward.policy.safety;

import java.util.List;

/**
 * Finds IBANs: two capitals and two digits, then capitals and digits, either whole or printed in groups of four
 * separated by single spaces; only one whose mod-97 check holds counts.
 */
final class Iban {

    private Iban() {
    }

    /** Looks for an IBAN starting at {@code at}; returns where to look next. */
    static int scan(String t, int at, List<PersonalData.Item> items) {
        if (at + 4 > t.length() || !isUpper(t.charAt(at)) || !isUpper(t.charAt(at + 1))
                || !PersonalData.isDigit(t.charAt(at + 2)) || !PersonalData.isDigit(t.charAt(at + 3))
                || at > 0 && Character.isLetterOrDigit(t.charAt(at - 1))) {
            return at + 1;
        }
        int end = at + 4;
        while (end < t.length() && isIbanChar(t.charAt(end))) {
            end++;
        }
        if (end == at + 4) {
            end = printedEnd(t, end);
        } else if (end - at < 15 || end - at > 34) {
            end = -1;
        }
        if (end < 0 || end < t.length() && Character.isLetterOrDigit(t.charAt(end))) {
            return at + 1;
        }
        int length = checkedLength(t.substring(at, end));
        if (length > 0) {
            PersonalData.add(items, PersonalData.Kind.IBAN, at, at + length);
        }
        return end;
    }

    /** The end of two to seven groups of four after {@code end}, and of a last group of one to four; or -1. */
    private static int printedEnd(String t, int end) {
        int groups = 0;
        while (groups < 7 && end + 5 <= t.length() && t.charAt(end) == ' ' && isGroup(t, end + 1, end + 5)) {
            end += 5;
            groups++;
        }
        if (groups < 2) {
            return -1;
        }
        int tail = end + 1;
        while (end < t.length() && t.charAt(end) == ' ' && tail < t.length() && tail - end <= 4
                && isIbanChar(t.charAt(tail))) {
            tail++;
        }
        return tail > end + 1 && (tail == t.length() || !Character.isLetterOrDigit(t.charAt(tail))) ? tail : end;
    }

    /** A printed IBAN may be followed by a group of four capitals that is a word: drops groups until it checks. */
    private static int checkedLength(String found) {
        String candidate = found;
        while (!Checksums.isIban(candidate.replace(" ", ""))) {
            int cut = candidate.lastIndexOf(' ');
            if (cut < 0) {
                return 0;
            }
            candidate = candidate.substring(0, cut);
        }
        return candidate.length();
    }

    private static boolean isGroup(String t, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isIbanChar(t.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIbanChar(char c) {
        return isUpper(c) || PersonalData.isDigit(c);
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }
}
