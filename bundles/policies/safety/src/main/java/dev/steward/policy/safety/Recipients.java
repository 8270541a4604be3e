package dev.steward.policy.safety;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The recipients that may receive personal data (exact addresses, mail domains, URL prefixes), and the reading
 * of a payload's recipients from its recipient fields. Addresses and URLs are compared ignoring case.
 */
final class Recipients {

    private static final String DOMAIN = "[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*";
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s,;<>]+@" + DOMAIN);
    private static final Pattern MAIL_DOMAIN = Pattern.compile("@" + DOMAIN);
    private static final Pattern URL = Pattern.compile("[a-z][a-z0-9+.-]*://[^\\s,;]+");
    private static final Pattern LIST_SEPARATOR = Pattern.compile("[,;]");

    private final List<String> fields;
    private final Set<String> exact = new HashSet<>();
    private final List<String> domains = new ArrayList<>();
    private final List<String> urlPrefixes = new ArrayList<>();

    Recipients(List<String> fields, List<String> approved) {
        this.fields = List.copyOf(fields);
        for (String entry : approved) {
            String e = entry.toLowerCase(Locale.ROOT);
            if (MAIL_DOMAIN.matcher(e).matches()) {
                domains.add(e.substring(1));
            } else if (ADDRESS.matcher(e).matches()) {
                exact.add(e);
            } else if (URL.matcher(e).matches()) {
                urlPrefixes.add(e);
            } else {
                throw new IllegalArgumentException(SafetyPolicy.CFG + ": approved.recipients entry '" + entry
                        + "' must be an address (me@acme.test), a mail domain (@acme.test) "
                        + "or a URL prefix (https://hooks.acme.test/)");
            }
        }
    }

    /** Whether a top-level payload field names a recipient (and so is not content). */
    boolean isRecipientField(String field) {
        return fields.contains(field);
    }

    /**
     * The recipients of a payload that are not approved.
     *
     * @return those recipients as written (a list in one field counts each), or "no recipient in ..." when the
     *         payload names none: an unknown recipient is not an approved one
     */
    List<String> notApproved(Map<String, Object> payload) {
        List<String> named = new ArrayList<>();
        for (String field : fields) {
            addNamed(payload.get(field), named);
        }
        if (named.isEmpty()) {
            return List.of("no recipient in " + String.join(", ", fields));
        }
        List<String> rejected = new ArrayList<>();
        for (String recipient : named) {
            if (!isApproved(recipient.toLowerCase(Locale.ROOT)) && !rejected.contains(recipient)) {
                rejected.add(recipient);
            }
        }
        return rejected;
    }

    /** A field holds one recipient, a list of them, or several separated by ',' or ';' ("Name &lt;a@b&gt;" too). */
    private static void addNamed(Object value, List<String> named) {
        if (value instanceof Collection<?> list) {
            list.forEach(v -> addNamed(v, named));
        } else if (value instanceof String s && URL.matcher(s.strip().toLowerCase(Locale.ROOT)).matches()) {
            named.add(s.strip());
        } else if (value != null) {
            for (String part : LIST_SEPARATOR.split(String.valueOf(value))) {
                int open = part.lastIndexOf('<');
                int close = part.lastIndexOf('>');
                String recipient = (open >= 0 && close > open ? part.substring(open + 1, close) : part).strip();
                if (!recipient.isEmpty()) {
                    named.add(recipient);
                }
            }
        }
    }

    private boolean isApproved(String recipient) {
        if (exact.contains(recipient)) {
            return true;
        }
        if (ADDRESS.matcher(recipient).matches()) {
            String domain = recipient.substring(recipient.lastIndexOf('@') + 1);
            return domains.stream().anyMatch(d -> domain.equals(d) || domain.endsWith("." + d));
        }
        return urlPrefixes.stream().anyMatch(p -> recipient.startsWith(p) && (p.endsWith("/")
                || recipient.length() == p.length() || "/?#".indexOf(recipient.charAt(p.length())) >= 0));
    }
}
