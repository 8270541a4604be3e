package dev.steward.api.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlatformStatusTest {

    private static final Health STORE_UP = Health.up("store", "connected", null);
    private static final BundleStatus KERNEL_ACTIVE = new BundleStatus(42, "dev.steward.kernel", "1.0.0", "ACTIVE");

    @Test
    void readyWhenEveryComponentUpAndEveryBundleActive() {
        assertTrue(new PlatformStatus("1.0.0", List.of(STORE_UP), List.of(KERNEL_ACTIVE)).ready());
    }

    @Test
    void notReadyWhenAComponentIsDegraded() {
        Health models = Health.degraded("models", "no premium backend", null);

        PlatformStatus status = new PlatformStatus("1.0.0", List.of(STORE_UP, models), List.of(KERNEL_ACTIVE));
        assertFalse(status.ready());
        assertTrue(status.serving(), "a degraded component still serves");
    }

    @Test
    void notReadyWhenABundleIsNotActive() {
        BundleStatus resolved = new BundleStatus(43, "dev.steward.memory", "1.0.0", "RESOLVED");

        assertFalse(resolved.active());
        assertFalse(new PlatformStatus("1.0.0", List.of(STORE_UP), List.of(KERNEL_ACTIVE, resolved)).ready());
    }

    @Test
    void findsComponentByName() {
        PlatformStatus status = new PlatformStatus("1.0.0", List.of(STORE_UP), List.of());

        assertEquals(Optional.of(STORE_UP), status.component("store"));
        assertEquals(Optional.empty(), status.component("memory"));
    }
}
