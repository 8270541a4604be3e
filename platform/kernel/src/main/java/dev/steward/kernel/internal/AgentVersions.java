package dev.steward.kernel.internal;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orders agent versions as OSGi orders bundle versions: major, minor and micro numerically (a missing part is 0),
 * then the qualifier as text, none first: {@code 1.0.0 < 1.0.0.beta < 1.2 < 1.10.0}.
 */
final class AgentVersions {

    private static final Pattern PARTS = Pattern.compile("(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:[.-](.*))?");

    static final Comparator<String> ORDER = AgentVersions::compare;

    private AgentVersions() {
    }

    static int compare(String a, String b) {
        Matcher x = PARTS.matcher(a);
        Matcher y = PARTS.matcher(b);
        if (!x.matches() || !y.matches()) {
            return a.compareTo(b); // not a checked version: a rejected agent never serves
        }
        for (int group = 1; group <= 3; group++) {
            int c = Long.compare(number(x.group(group)), number(y.group(group)));
            if (c != 0) {
                return c;
            }
        }
        return qualifier(x).compareTo(qualifier(y));
    }

    private static long number(String part) {
        return part == null ? 0 : Long.parseLong(part);
    }

    private static String qualifier(Matcher m) {
        return m.group(4) == null ? "" : m.group(4);
    }
}
