package dev.steward.itest;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Watches the platform, inside the container, while a test installs, uses and removes an add-on. The platform's
 * bundles (Steward's own but the add-ons, Camel's, the Neo4j driver's) must keep their ids, states and last-modified
 * stamps, none may be stopped, started or re-resolved, and nothing may be logged at ERROR. Also the small waits and
 * file writes these tests share.
 */
final class AddonWatch {

    private static final Set<String> CORE = Set.of("dev.steward.api", "dev.steward.store", "dev.steward.kernel",
            "dev.steward.camel", "dev.steward.core");

    private final BundleContext context;
    private final Map<Long, String> before;
    private final long logOffset;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final SynchronousBundleListener listener;

    /** Records the platform bundles and the log's length, and starts listening to the platform bundles' events. */
    AddonWatch(BundleContext context) throws IOException {
        this.context = context;
        this.logOffset = Files.size(log());
        this.before = platformBundles(context);
        this.listener = e -> {
            int type = e.getType();
            if (before.containsKey(e.getBundle().getBundleId()) && (type == BundleEvent.STOPPED
                    || type == BundleEvent.STARTED || type == BundleEvent.UNRESOLVED || type == BundleEvent.UPDATED)) {
                events.add(e.getBundle().getSymbolicName() + ":" + type);
            }
        };
        context.addBundleListener(listener);
    }

    /** Stops watching, then asserts that the platform is as it was and that no ERROR was logged since the start. */
    void assertPlatformUntouched(String addon) throws IOException {
        context.removeBundleListener(listener);
        assertEquals("no platform bundle stopped, started or re-resolved", List.of(), events);
        Map<Long, String> after = platformBundles(context);
        after.keySet().retainAll(before.keySet()); // a library the add-on brought and left is not the platform's
        assertEquals("platform bundles keep their ids, states and last-modified stamps", before, after);
        List<String> errors = logSince().lines().filter(l -> l.contains("| ERROR ")).toList();
        assertEquals("no ERROR in the log from installing, using and uninstalling " + addon + ":\n" + logSince(),
                List.of(), errors);
    }

    /** @return what Karaf logged since this watch started */
    String logSince() throws IOException {
        String log = Files.readString(log(), StandardCharsets.UTF_8);
        return log.length() >= logOffset ? log.substring((int) logOffset) : log;
    }

    static Path log() {
        String dir = System.getProperty("karaf.log");
        return dir != null ? Path.of(dir, "karaf.log") : Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
    }

    /** Each platform bundle's id with its symbolic name, state and last-modified stamp. */
    private static Map<Long, String> platformBundles(BundleContext context) {
        Map<Long, String> stamps = new HashMap<>();
        for (Bundle b : context.getBundles()) {
            String bsn = b.getSymbolicName() == null ? "" : b.getSymbolicName();
            boolean platform = CORE.contains(bsn) || (bsn.startsWith("dev.steward.") && !bsn.startsWith("dev.steward.connector.")
                    && !bsn.startsWith("dev.steward.sample.")) || bsn.startsWith("camel-") || bsn.startsWith("org.apache.camel")
                    || bsn.contains("neo4j");
            if (platform) {
                stamps.put(b.getBundleId(), bsn + " state " + b.getState() + " modified " + b.getLastModified());
            }
        }
        return stamps;
    }

    /** @return the installed bundle of that symbolic name, or {@code null} */
    static Bundle bundle(BundleContext context, String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    /** Writes a configuration file whole, moved into place, so FileInstall never reads it half written. */
    static void replaceWhole(Path file, String text) throws IOException {
        Path next = file.resolveSibling("." + file.getFileName() + ".next");
        Files.writeString(next, text);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Whether ConfigurationAdmin holds a configuration matching the filter (read only: FileInstall creates them). */
    static boolean configured(ConfigurationAdmin configAdmin, String filter) {
        try {
            var found = configAdmin.listConfigurations(filter);
            return found != null && found.length > 0;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs / 1000 + " s waiting for: " + what);
            }
            Thread.sleep(200);
        }
    }
}
