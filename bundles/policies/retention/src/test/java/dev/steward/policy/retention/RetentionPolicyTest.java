package dev.steward.policy.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.annotation.Annotation;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.steward.api.policy.PolicyDecision;
import dev.steward.api.policy.PolicySubject;
import dev.steward.api.policy.Verdict;

class RetentionPolicyTest {

    private static RetentionPolicy policy(String... episodes) {
        return new RetentionPolicy(new RetentionConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return RetentionConfig.class;
            }

            @Override
            public String[] episodes() {
                return episodes;
            }
        });
    }

    private static PolicyDecision write(RetentionPolicy policy, String kind, String retainUntil) {
        Map<String, Object> payload = new HashMap<>(Map.of("kind", kind, "text", "hello",
                "occurredAt", "2026-11-01T10:00:00Z"));
        if (retainUntil != null) {
            payload.put("metadata.retainUntil", retainUntil);
        }
        return policy.evaluate(new PolicySubject(PolicySubject.Kind.MEMORY_WRITE, null, null, "memory.episode", payload,
                null));
    }

    @Test
    void anEpisodeIsKeptItsKindsRetentionFromWhenItHappened() {
        PolicyDecision d = write(policy("note=P30D, email=PT12H"), "note", null);
        assertEquals(Verdict.ALLOW_WITH_CHANGES, d.verdict());
        assertEquals(Map.of("metadata.retainUntil", "2026-12-01T10:00:00Z"), d.changes());
        assertEquals("note episodes are kept PT720H", d.reasons().get(0));
        assertEquals(Map.of("metadata.retainUntil", "2026-11-01T22:00:00Z"),
                write(policy("note=P30D, email=PT12H"), "email", null).changes());
    }

    @Test
    void aKindWithoutRuleUsesTheDefaultOrIsLeftAlone() {
        assertEquals(Map.of("metadata.retainUntil", "2026-11-08T10:00:00Z"), write(policy("note=P30D", "*=P7D"), "chat", null).changes());
        assertEquals(Verdict.ALLOW, write(policy("note=P30D"), "chat", null).verdict());
    }

    @Test
    void aShorterRetentionTheWriterAskedForIsKeptAndALongerOneCut() {
        assertEquals(Verdict.ALLOW, write(policy("note=P30D"), "note", "2026-11-02T00:00:00Z").verdict());
        assertEquals(Map.of("metadata.retainUntil", "2026-12-01T10:00:00Z"),
                write(policy("note=P30D"), "note", "2027-06-01T00:00:00Z").changes());
    }

    @Test
    void aKindThatIsNeverKeptIsRefusedAndOtherSubjectsPass() {
        PolicyDecision d = write(policy("health=never"), "health", null);
        assertEquals(Verdict.DENY, d.verdict());
        assertEquals("episodes of kind health are never kept", d.reasons().get(0));
        assertEquals(Verdict.ALLOW, policy("*=never").evaluate(new PolicySubject(PolicySubject.Kind.STEP, "f", "s",
                "mail.send", Map.of(), null)).verdict());
        assertEquals(Verdict.ALLOW, policy("*=never").evaluate(new PolicySubject(PolicySubject.Kind.MEMORY_WRITE, null, null,
                "memory.fact", Map.of(), null)).verdict());
    }

    @Test
    void badRulesAreRefusedNamingTheFile() {
        assertEquals("invalid configuration in etc/dev.steward.policy.retention.cfg: episodes 'note=30 days' must be "
                + "kind=ISO-8601 duration such as P30D or PT12H, or kind=never",
                assertThrows(IllegalArgumentException.class, () -> policy("note=30 days")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> policy("note"));
        assertThrows(IllegalArgumentException.class, () -> policy("note=-P1D"));
    }
}
