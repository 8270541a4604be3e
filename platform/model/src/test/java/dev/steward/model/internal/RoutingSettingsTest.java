package dev.steward.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.steward.api.model.ModelCallKey;
import dev.steward.api.model.ModelTier;

/** The routing settings: the tier per agent and per capability, the bounds, and what a bad value is told. */
class RoutingSettingsTest {

    private static ModelCallKey key(String agent, String capability) {
        return new ModelCallKey("f", "s", agent, capability, "n");
    }

    @Test
    void theAgentsTierWinsOverTheCapabilitysWhichWinsOverTheOneAskedFor() {
        RoutingSettings s = RoutingSettings.from(Map.of("tier.agent.research", "standard",
                "tier.capability.lead.qualify", "cheap", "tier.capability.plan.make", "PREMIUM", "backends", " b, a ,"));
        assertEquals(ModelTier.STANDARD, s.tierFor(key("research", "lead.qualify"), ModelTier.PREMIUM));
        assertEquals(ModelTier.CHEAP, s.tierFor(key("lead-qualifier", "lead.qualify"), ModelTier.PREMIUM));
        assertEquals(ModelTier.PREMIUM, s.tierFor(key("choreographer", "plan.make"), ModelTier.CHEAP));
        assertEquals(ModelTier.STANDARD, s.tierFor(key("writer", "draft.write"), ModelTier.STANDARD), "none set: asked");
        assertEquals(List.of("b", "a"), s.order());
    }

    @Test
    void defaultsAndBounds() {
        RoutingSettings d = RoutingSettings.DEFAULTS;
        assertEquals(List.of(Duration.ofSeconds(120), Duration.ofSeconds(2), Duration.ofMillis(200)),
                List.of(d.maxTimeout(), d.maxRetryAfter(), d.retryBackoff()));
        assertEquals(0, d.retries(), "callers retry in their own way unless the operator sets retry.max");
        assertEquals(false, d.checkShape());
        assertEquals(2, RoutingSettings.from(Map.of("retry.max", "2")).retries());
        assertEquals(true, RoutingSettings.from(Map.of("answer.shape.check", "TRUE")).checkShape());
    }

    @Test
    void aBadValueNamesTheFileTheKeyAndWhatIsExpected() {
        assertEquals("etc/dev.steward.model.routing.cfg: tier.agent.research = 'fast' is not valid; expected cheap,"
                + " standard or premium", assertThrows(IllegalArgumentException.class,
                        () -> RoutingSettings.from(Map.of("tier.agent.research", "fast"))).getMessage());
        assertEquals("etc/dev.steward.model.routing.cfg: retry.max = '9' is not valid; expected a whole number from 0"
                + " to 5", assertThrows(IllegalArgumentException.class,
                        () -> RoutingSettings.from(Map.of("retry.max", "9"))).getMessage());
        assertEquals("etc/dev.steward.model.routing.cfg: timeout.max.ms = '50' is not valid; expected a number of"
                + " milliseconds, at least 100", assertThrows(IllegalArgumentException.class,
                        () -> RoutingSettings.from(Map.of("timeout.max.ms", "50"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> RoutingSettings.from(Map.of("retry.backoff.ms", "-1")));
        assertThrows(IllegalArgumentException.class, () -> RoutingSettings.from(Map.of("answer.shape.check", "yes")));
    }
}
