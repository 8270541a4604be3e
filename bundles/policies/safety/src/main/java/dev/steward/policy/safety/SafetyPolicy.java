package dev.steward.policy.safety;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import dev.steward.api.policy.PolicyDecision;
import dev.steward.api.policy.PolicySubject;
import dev.steward.api.policy.Verdict;
import dev.steward.policy.safety.PersonalData.Kind;
import dev.steward.spi.policy.Policy;

/**
 * The outbound safety policy: checks what an outbound step (of a configured capability) or an outbound effect
 * would send. A blocked term anywhere in the payload is denied or held for approval; personal data in the
 * content for a recipient that is not approved is held, denied or redacted, as configured. Everything that does
 * not leave Steward is allowed. Reasons name fields and terms, never the text around them.
 */
@Component(service = Policy.class, configurationPid = "dev.steward.policy.safety",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SafetyConfig.class)
public final class SafetyPolicy implements Policy {

    static final String ID = "safety";
    static final String VERSION = "1.0";
    static final String CFG = "etc/dev.steward.policy.safety.cfg";

    private final List<String> exact = new ArrayList<>();
    private final List<String> prefixes = new ArrayList<>();
    private final BlockedTerms blocked;
    private final Verdict blockedVerdict;
    private final Recipients recipients;
    private final Verdict personalVerdict;

    @Activate
    public SafetyPolicy(SafetyConfig config) {
        for (String name : entries(config.outbound_capabilities())) {
            if (!name.matches("[A-Za-z0-9_.:-]+(\\.\\*)?")) {
                throw new IllegalArgumentException(CFG + ": outbound.capabilities entry '" + name
                        + "' must be a capability name, or a prefix ending in '.*'");
            }
            if (name.endsWith(".*")) {
                prefixes.add(name.substring(0, name.length() - 1));
            } else {
                exact.add(name);
            }
        }
        blocked = new BlockedTerms(entries(config.blocked_terms()));
        blockedVerdict = action("blocked.action", config.blocked_action(), false);
        recipients = new Recipients(entries(config.recipient_fields()), entries(config.approved_recipients()));
        personalVerdict = action("personal.action", config.personal_action(), true);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public PolicyDecision evaluate(PolicySubject subject) {
        if (!isOutbound(subject)) {
            return PolicyDecision.allow(ID, VERSION);
        }
        try {
            return judge(subject.payload());
        } catch (IllegalArgumentException e) {
            return PolicyDecision.deny(ID, VERSION, e.getMessage());
        }
    }

    private boolean isOutbound(PolicySubject subject) {
        return switch (subject.kind()) {
            case OUTBOUND_EFFECT -> true;
            case MEMORY_WRITE -> false;
            case STEP -> exact.contains(subject.capability())
                    || prefixes.stream().anyMatch(subject.capability()::startsWith);
        };
    }

    private PolicyDecision judge(Map<String, Object> payload) {
        List<String> reasons = new ArrayList<>();
        Verdict verdict = Verdict.ALLOW;
        if (!blocked.isEmpty()) {
            payload.forEach((field, value) -> PayloadStrings.visit(field, value, (path, text) ->
                    blocked.find(text).forEach(term -> reasons.add("blocked term '" + term + "' in " + path))));
            verdict = reasons.isEmpty() ? verdict : blockedVerdict;
        }
        Map<String, Set<Kind>> personal = personalData(payload);
        List<String> rejected = personal.isEmpty() ? List.of() : recipients.notApproved(payload);
        if (!rejected.isEmpty()) {
            reasons.add(personalReason(personal, rejected));
            verdict = rank(personalVerdict) > rank(verdict) ? personalVerdict : verdict;
        }
        String[] why = reasons.toArray(String[]::new);
        return switch (verdict) {
            case ALLOW -> PolicyDecision.allow(ID, VERSION);
            case DENY -> PolicyDecision.deny(ID, VERSION, why);
            case REQUIRE_APPROVAL -> PolicyDecision.requireApproval(ID, VERSION, why);
            case ALLOW_WITH_CHANGES -> PolicyDecision.allowWithChanges(ID, VERSION, redacted(payload), why);
        };
    }

    /** For example {@code personal data (email, phone in body; iban in notes.pay) for a recipient not approved: x@y}. */
    private static String personalReason(Map<String, Set<Kind>> personal, List<String> rejected) {
        String where = personal.entrySet().stream()
                .map(e -> e.getValue().stream().map(Kind::label).collect(Collectors.joining(", ")) + " in " + e.getKey())
                .collect(Collectors.joining("; "));
        return "personal data (" + where + ") for a recipient not approved: " + String.join(", ", rejected);
    }

    /** The kinds of personal data in each string of the content (the payload less its recipient fields). */
    private Map<String, Set<Kind>> personalData(Map<String, Object> payload) {
        Map<String, Set<Kind>> found = new LinkedHashMap<>();
        payload.forEach((field, value) -> {
            if (!recipients.isRecipientField(field)) {
                PayloadStrings.visit(field, value, (path, text) -> PersonalData.find(text).forEach(item ->
                        found.computeIfAbsent(path, p -> EnumSet.noneOf(Kind.class)).add(item.kind())));
            }
        });
        return found;
    }

    /** The top-level content fields holding personal data, each with every item found in it replaced. */
    private Map<String, Object> redacted(Map<String, Object> payload) {
        Map<String, Object> changes = new LinkedHashMap<>();
        payload.forEach((field, value) -> {
            if (!recipients.isRecipientField(field)) {
                Object redacted = PayloadStrings.map(value, text -> PersonalData.redact(text, PersonalData.find(text)));
                if (!Objects.equals(redacted, value)) {
                    changes.put(field, redacted);
                }
            }
        });
        return changes;
    }

    private static int rank(Verdict verdict) {
        return switch (verdict) {
            case ALLOW -> 0;
            case ALLOW_WITH_CHANGES -> 1;
            case REQUIRE_APPROVAL -> 2;
            case DENY -> 3;
        };
    }

    private static Verdict action(String key, String value, boolean mayRedact) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "deny" -> Verdict.DENY;
            case "approval" -> Verdict.REQUIRE_APPROVAL;
            case "redact" -> {
                if (mayRedact) {
                    yield Verdict.ALLOW_WITH_CHANGES;
                }
                throw new IllegalArgumentException(CFG + ": " + key + " must be 'deny' or 'approval', was 'redact'");
            }
            default -> throw new IllegalArgumentException(CFG + ": " + key + " must be 'deny', 'approval'"
                    + (mayRedact ? " or 'redact'" : "") + ", was '" + value + "'");
        };
    }

    /** Comma-separated entries, as a configuration file or the console gives them, stripped, blanks left out. */
    private static List<String> entries(String[] values) {
        List<String> entries = new ArrayList<>();
        for (String value : values) {
            for (String entry : value.split(",")) {
                if (!entry.isBlank()) {
                    entries.add(entry.strip());
                }
            }
        }
        return entries;
    }
}
