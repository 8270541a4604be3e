package dev.steward.definitions.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.steward.api.status.Health;
import dev.steward.api.status.HealthState;

class FlowFileLoaderTest {

    @TempDir
    Path dir;

    private final FakePublisher publisher = new FakePublisher();

    @Test
    void picksUpNewChangedAndDeletedFilesWhileRunning() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "id: a\nversion: 1\nsteps: [{id: s, capability: x}]\n");
        FlowFileLoader loader = new FlowFileLoader(dir, 1, publisher);
        try {
            await(() -> publisher.offered().equals(Set.of("a v1 a.yaml")));
            Health up = loader.health();
            assertEquals(HealthState.UP, up.state());
            assertEquals("1 definition(s) loaded from 1 file(s)", up.message());

            Files.writeString(dir.resolve("broken.yml"), "id: b\nversion: 1\nstep: []\n");
            Files.writeString(dir.resolve("a.yaml"), "id: a\nversion: 2\nsteps: [{id: s, capability: y}]\n");
            await(() -> loader.health().state() == HealthState.DEGRADED && publisher.offered().size() == 2);
            Health degraded = loader.health();
            assertEquals("1 flow file(s) rejected, 2 definition(s) loaded", degraded.message());
            assertTrue(degraded.details().get("broken.yml").startsWith("broken.yml:3:1: unknown key 'step' in the flow"),
                    degraded.toString());
            assertEquals(Set.of("a v1 a.yaml", "a v2 a.yaml"), publisher.offered());

            Files.delete(dir.resolve("broken.yml"));
            Files.delete(dir.resolve("a.yaml"));
            await(() -> publisher.offered().isEmpty() && loader.health().state() == HealthState.UP);
        } finally {
            loader.deactivate();
        }
    }

    @Test
    void deactivateStopsPollingAndWithdrawsEverything() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "id: a\nversion: 1\nsteps: [{id: s, capability: x}]\n");
        FlowFileLoader loader = new FlowFileLoader(dir, 1, publisher);
        await(() -> publisher.offered().size() == 1);
        loader.deactivate();
        assertEquals(Set.of(), publisher.offered());
        Files.writeString(dir.resolve("b.yaml"), "id: b\nversion: 1\nsteps: [{id: s, capability: x}]\n");
        Thread.sleep(1500);
        assertEquals(Set.of(), publisher.offered());
    }

    @Test
    void anUnreadableDirectoryDegradesHealth() throws Exception {
        Path file = Files.writeString(dir.resolve("flows"), "");
        FlowFileLoader loader = new FlowFileLoader(file, 1, publisher);
        try {
            await(() -> loader.health().state() == HealthState.DEGRADED);
            assertTrue(loader.health().message().startsWith("flows directory unavailable: cannot read " + file));
        } finally {
            loader.deactivate();
        }
    }

    @Test
    void directoryDefaultsToKarafEtcAndRelativePathsToKarafBase() {
        assertEquals(Path.of("/opt/steward/etc/steward/flows"), FlowFileLoader.directory("", "/opt/steward/etc", "/opt/steward"));
        assertEquals(Path.of("/opt/steward/flows"), FlowFileLoader.directory("flows", "/opt/steward/etc", "/opt/steward"));
        assertEquals(Path.of("/srv/flows"), FlowFileLoader.directory(" /srv/flows ", "/opt/steward/etc", "/opt/steward"));
        assertThrows(IllegalArgumentException.class, () -> FlowFileLoader.directory("", null, null));
    }

    @Test
    void pollSecondsMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FlowFileLoader(dir, 0, publisher));
        assertEquals("etc/dev.steward.definitions.cfg: poll.seconds must be at least 1, was 0", e.getMessage());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 10 s");
            }
            Thread.sleep(50);
        }
    }
}
