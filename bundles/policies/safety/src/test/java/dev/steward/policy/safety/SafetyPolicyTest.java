package dev.steward.policy.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.steward.api.policy.PolicyDecision;
import dev.steward.api.policy.PolicySubject;
import dev.steward.api.policy.Verdict;

class SafetyPolicyTest {

    /** A configuration with the defaults of {@link SafetyConfig}, each changeable. */
    static final class Config implements SafetyConfig {
        String[] outbound = {"mail.*", "webhook.*"};
        String[] terms = {};
        String blockedAction = "deny";
        String[] recipientFields = {"to", "recipient", "url"};
        String[] approved = {};
        String personalAction = "approval";

        @Override
        public Class<? extends Annotation> annotationType() {
            return SafetyConfig.class;
        }

        @Override
        public String[] outbound_capabilities() {
            return outbound;
        }

        @Override
        public String[] blocked_terms() {
            return terms;
        }

        @Override
        public String blocked_action() {
            return blockedAction;
        }

        @Override
        public String[] recipient_fields() {
            return recipientFields;
        }

        @Override
        public String[] approved_recipients() {
            return approved;
        }

        @Override
        public String personal_action() {
            return personalAction;
        }
    }

    private static Config terms(String... terms) {
        Config c = new Config();
        c.terms = terms;
        return c;
    }

    private static Config approved(String... approved) {
        Config c = new Config();
        c.approved = new String[] {String.join(", ", approved)};
        return c;
    }

    static PolicyDecision step(SafetyPolicy policy, String capability, Map<String, Object> payload) {
        return policy.evaluate(new PolicySubject(PolicySubject.Kind.STEP, "f", "s", capability, payload, null));
    }

    private static PolicyDecision mail(Config config, Map<String, Object> payload) {
        return step(new SafetyPolicy(config), "mail.send", payload);
    }

    @Test
    void aBlockedTermIsDeniedNamingTheFieldAndTheTermOnly() {
        PolicyDecision d = mail(terms("confidential, project falcon"),
                Map.of("to", "me@acme.test", "body", "Hi, this is CONFIDENTIAL: the numbers are up."));
        assertEquals(Verdict.DENY, d.verdict());
        assertEquals(List.of("blocked term 'confidential' in body"), d.reasons());
        assertEquals("safety", d.policyId());
        assertEquals("1.0", d.policyVersion());
    }

    @Test
    void aBlockedTermWaitsForApprovalWhenSoConfiguredAndIsFoundInNestedFieldsAndPhrases() {
        Config c = terms("project falcon");
        c.blockedAction = "approval";
        PolicyDecision d = mail(c, Map.of("to", "me@acme.test",
                "attachments", List.of(Map.of("name", "a.txt"), Map.of("text", "status of Project\n  Falcon"))));
        assertEquals(Verdict.REQUIRE_APPROVAL, d.verdict());
        assertEquals(List.of("blocked term 'project falcon' in attachments[1].text"), d.reasons());
    }

    @Test
    void aBlockedTermDoesNotMatchInsideAnotherWord() {
        SafetyPolicy policy = new SafetyPolicy(terms("secret", "ass"));
        Map<String, Object> payload = Map.of("to", "me@acme.test",
                "subject", "From the secretary: top_secret_x and secrets, a class pass", "n", 42);
        assertEquals(Verdict.ALLOW, step(policy, "mail.send", payload).verdict());
        assertEquals(List.of("blocked term 'secret' in subject"),
                step(policy, "mail.send", Map.of("subject", "(Secret) notes")).reasons());
    }

    @Test
    void aJoinedTermMatchesOnlyJoinedTheSameWay() {
        SafetyPolicy policy = new SafetyPolicy(terms("at&t, x-ray"));
        assertEquals(List.of("blocked term 'at&t' in a", "blocked term 'x-ray' in a"),
                step(policy, "mail.send", Map.of("a", "AT&T offer: an X-Ray")).reasons());
        assertEquals(Verdict.ALLOW,
                step(policy, "mail.send", Map.of("a", "at & t, at-t", "b", "x ray, xray, x-rays")).verdict());
    }

    @Test
    void personalDataForARecipientNotApprovedWaitsForApproval() {
        PolicyDecision d = mail(approved("me@acme.test"), Map.of("to", "Eve <eve@evil.test>",
                "body", "Call +49 30 1234567 or write to anna@customer.test"));
        assertEquals(Verdict.REQUIRE_APPROVAL, d.verdict());
        assertEquals(List.of("personal data (email, phone in body) for a recipient not approved: eve@evil.test"),
                d.reasons());
    }

    @Test
    void personalDataForAnApprovedAddressOrDomainIsAllowed() {
        Config c = approved("me@acme.test", "@partner.test", "https://hooks.acme.test/");
        Map<String, Object> body = Map.of("body", "IBAN DE89 3704 0044 0532 0130 00, card 4111 1111 1111 1111");
        assertEquals(Verdict.ALLOW, mail(c, with(body, "to", "ME@acme.test")).verdict(), "exact, any case");
        assertEquals(Verdict.ALLOW, mail(c, with(body, "to", "bob@partner.test")).verdict(), "domain");
        assertEquals(Verdict.ALLOW, mail(c, with(body, "to", "bob@eu.partner.test")).verdict(), "subdomain");
        assertEquals(Verdict.ALLOW, step(new SafetyPolicy(c), "webhook.post",
                with(body, "url", "https://hooks.acme.test/T1/x")).verdict(), "URL prefix");
        assertEquals(List.of("personal data (iban, card in body) for a recipient not approved: bob@notpartner.test"),
                mail(c, with(body, "to", "bob@notpartner.test")).reasons(), "a domain is not a suffix of a name");
        assertEquals(List.of("personal data (iban, card in body) for a recipient not approved: "
                + "https://hooks.acme.test.evil.test/"), step(new SafetyPolicy(c), "webhook.post",
                with(body, "url", "https://hooks.acme.test.evil.test/")).reasons());
    }

    @Test
    void oneRecipientNotApprovedInAListIsEnough() {
        Config c = approved("@acme.test");
        Map<String, Object> body = Map.of("body", "my number is 030 12345678");
        assertEquals(Verdict.ALLOW, mail(c, with(body, "to", List.of("a@acme.test", "b@acme.test"))).verdict());
        assertEquals(List.of("personal data (phone in body) for a recipient not approved: x@gmail.test"),
                mail(c, with(body, "to", List.of("a@acme.test", "x@gmail.test"))).reasons());
        assertEquals(List.of("personal data (phone in body) for a recipient not approved: x@gmail.test"),
                mail(c, with(body, "to", "a@acme.test; Ex <x@gmail.test>")).reasons(), "a list in one string");
        assertEquals(List.of("personal data (phone in body) for a recipient not approved: "
                + "no recipient in to, recipient, url"), mail(c, body).reasons(), "nobody named, nobody approved");
    }

    @Test
    void theRecipientFieldsAreNotContentAndNoPersonalDataIsNoConcern() {
        Config c = approved("me@acme.test");
        assertEquals(Verdict.ALLOW, mail(c, Map.of("to", "eve@evil.test", "recipient", "+49 30 1234567",
                "body", "Meeting moved to 2026-11-30 10:00, order 12345678, total 1234567.89 EUR")).verdict());
    }

    @Test
    void personalDataCanBeDenied() {
        Config c = approved("me@acme.test");
        c.personalAction = "deny";
        PolicyDecision d = mail(c, Map.of("to", "eve@evil.test", "notes", Map.of("pay", "to DE89370400440532013000")));
        assertEquals(Verdict.DENY, d.verdict());
        assertEquals(List.of("personal data (iban in notes.pay) for a recipient not approved: eve@evil.test"),
                d.reasons());
    }

    @Test
    void redactReplacesEachItemInTheAffectedTopLevelFieldsOnly() {
        Config c = approved("me@acme.test");
        c.personalAction = "redact";
        PolicyDecision d = mail(c, Map.of("to", "eve@evil.test", "subject", "Hello",
                "body", "Card 4111-1111-1111-1111, mail anna@customer.test, phone +1 (555) 123-4567.",
                "parts", List.of("ok", Map.of("iban", "GB82 WEST 1234 5698 7654 32"))));
        assertEquals(Verdict.ALLOW_WITH_CHANGES, d.verdict());
        assertEquals(Map.of(
                "body", "Card [redacted:card], mail [redacted:email], phone [redacted:phone].",
                "parts", List.of("ok", Map.of("iban", "[redacted:iban]"))), d.changes());
        assertEquals(1, d.reasons().size());
    }

    @Test
    void aDenialOutranksARedactionAndKeepsBothReasons() {
        Config c = approved("me@acme.test");
        c.terms = new String[] {"falcon"};
        c.personalAction = "redact";
        PolicyDecision d = mail(c, Map.of("to", "eve@evil.test", "body", "falcon: anna@customer.test"));
        assertEquals(Verdict.DENY, d.verdict());
        assertEquals(List.of("blocked term 'falcon' in body",
                "personal data (email in body) for a recipient not approved: eve@evil.test"), d.reasons());
        assertEquals(Map.of(), d.changes());
    }

    @Test
    void whatDoesNotLeaveStewardIsAllowed() {
        SafetyPolicy policy = new SafetyPolicy(terms("falcon"));
        Map<String, Object> payload = Map.of("to", "eve@evil.test", "body", "falcon, anna@customer.test");
        assertEquals(Verdict.ALLOW, step(policy, "crm.update", payload).verdict());
        assertEquals(Verdict.ALLOW, step(policy, "mailbox.read", payload).verdict(), "'mail.*' is not 'mail*'");
        assertEquals(Verdict.ALLOW, policy.evaluate(new PolicySubject(PolicySubject.Kind.MEMORY_WRITE, null, null,
                "mail.send", payload, null)).verdict());
        assertEquals(Verdict.DENY, step(policy, "webhook.post", payload).verdict());
    }

    @Test
    void anOutboundEffectIsAlwaysChecked() {
        SafetyPolicy policy = new SafetyPolicy(terms("falcon"));
        PolicyDecision d = policy.evaluate(new PolicySubject(PolicySubject.Kind.OUTBOUND_EFFECT, "f", "s",
                "crm.update", Map.of("to", "me@acme.test", "note", "Falcon"), null));
        assertEquals(Verdict.DENY, d.verdict());
        assertEquals(List.of("blocked term 'falcon' in note"), d.reasons());
    }

    @Test
    void aPayloadTooDeepToCheckIsDenied() {
        Object deep = "x";
        for (int i = 0; i < 70; i++) {
            deep = List.of(deep);
        }
        PolicyDecision d = mail(terms("falcon"), Map.of("body", deep));
        assertEquals(Verdict.DENY, d.verdict());
        assertEquals(List.of("body" + "[0]".repeat(64) + " is nested deeper than 64 levels; not checked"),
                d.reasons());
    }

    @Test
    void badSettingsAreRefusedNamingTheFileAndTheKey() {
        assertEquals("etc/dev.steward.policy.safety.cfg: blocked.terms entry 'secr.*' must be a word or phrase of "
                + "letters and digits (joined by spaces, -, ', . or &), not a pattern",
                refused(terms("ok, secr.*")));
        Config action = new Config();
        action.blockedAction = "redact";
        assertEquals("etc/dev.steward.policy.safety.cfg: blocked.action must be 'deny' or 'approval', was 'redact'",
                refused(action));
        Config personal = new Config();
        personal.personalAction = "drop";
        assertEquals("etc/dev.steward.policy.safety.cfg: personal.action must be 'deny', 'approval' or 'redact', "
                + "was 'drop'", refused(personal));
        assertEquals("etc/dev.steward.policy.safety.cfg: approved.recipients entry 'acme.test' must be an address "
                + "(me@acme.test), a mail domain (@acme.test) or a URL prefix (https://hooks.acme.test/)",
                refused(approved("me@acme.test", "acme.test")));
        Config capability = new Config();
        capability.outbound = new String[] {"mail*"};
        assertEquals("etc/dev.steward.policy.safety.cfg: outbound.capabilities entry 'mail*' must be a capability "
                + "name, or a prefix ending in '.*'", refused(capability));
    }

    private static String refused(Config config) {
        return assertThrows(IllegalArgumentException.class, () -> new SafetyPolicy(config)).getMessage();
    }

    private static Map<String, Object> with(Map<String, Object> payload, String field, Object value) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(payload);
        copy.put(field, value);
        return copy;
    }
}
