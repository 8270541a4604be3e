package dev.steward.api.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyDecisionTest {

    @Test
    void factoriesSetTheVerdict() {
        assertEquals(Verdict.ALLOW, PolicyDecision.allow("budget", "1").verdict());
        PolicyDecision deny = PolicyDecision.deny("budget", "1", "over the daily limit");
        assertEquals(Verdict.DENY, deny.verdict());
        assertEquals(List.of("over the daily limit"), deny.reasons());
        assertEquals(Verdict.ALLOW_WITH_CHANGES,
                PolicyDecision.allowWithChanges("pii", "2", Map.of("email", "***"), "redacted").verdict());
    }

    @Test
    void rejectsDecisionsThatDoNotExplainThemselves() {
        assertThrows(IllegalArgumentException.class, () -> PolicyDecision.deny("budget", "1"));
        assertThrows(IllegalArgumentException.class, () -> PolicyDecision.requireApproval("budget", "1"));
        assertThrows(IllegalArgumentException.class,
                () -> PolicyDecision.allowWithChanges("pii", "2", Map.of(), "redacted"));
        assertThrows(IllegalArgumentException.class, () -> PolicyDecision.allow(" ", "1"));
    }
}
