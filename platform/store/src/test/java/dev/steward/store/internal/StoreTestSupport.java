package dev.steward.store.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Shared set-up of the store tests: the unpacked server runtime, free loopback ports, bounded waiting. */
final class StoreTestSupport {

    private StoreTestSupport() {
    }

    static Path runtime() {
        String dir = System.getProperty("steward.store.runtime");
        if (dir == null) {
            fail("system property steward.store.runtime is not set (run the store tests through Maven failsafe)");
        }
        return Path.of(dir);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> embedded(Path data, int port) {
        Map<String, Object> props = new HashMap<>();
        props.put("embedded.port", Integer.toString(port));
        props.put("embedded.runtime", runtime().toString());
        props.put("embedded.data", data.toString());
        props.put("embedded.heap", "384m");
        props.put("health.interval.ms", "250");
        return props;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout.toSeconds() + " s waiting for: " + what);
            }
            Thread.sleep(100);
        }
    }
}
