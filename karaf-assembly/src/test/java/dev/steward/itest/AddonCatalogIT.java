package dev.steward.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.karaf.features.BootFinished;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

import dev.steward.api.addon.AddonException;
import dev.steward.api.addon.AddonService;
import dev.steward.api.addon.AddonState;
import dev.steward.api.addon.AddonView;
import dev.steward.api.status.StatusService;

/**
 * The add-on catalog in the real distribution, with the catalog it ships (etc/steward-addons.json, checksums computed
 * at build time): the webhook add-on is listed as available and compatible; a catalog entry with a wrong SHA-256, one
 * with an incompatible platform range and one whose feature cannot resolve are refused with their reasons and leave
 * every bundle as it was; the escalation-mail add-on installs and uninstalls through the service, and the webhook
 * add-on through {@code steward:addon-install} and {@code steward:addon-uninstall} (an admin may, a viewer may not)
 * with its route running in between; the platform's bundles are neither stopped, refreshed nor updated. The methods
 * run in name order and share one container. (WebhookAddonIT reinstalls an add-on in one running platform.)
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class AddonCatalogIT {

    private static final String ADDON = "steward-connector-webhook";
    private static final String BUNDLE = "dev.steward.connector.webhook";
    private static final String ROUTE = "steward-connector-webhook-post";
    private static final String MAIL_ADDON = "steward-notify-mail";
    private static final String MAIL_BUNDLE = "dev.steward.notify.mail";

    /** The shipped catalog, restored after each method that changes it. */
    private static String shipped;

    @Inject @Filter(timeout = 120_000) BootFinished bootFinished;
    @Inject BundleContext bundleContext;
    @Inject @Filter(timeout = 60_000) StatusService statusService;
    @Inject @Filter(value = "(camel.context.name=steward)", timeout = 60_000) CamelContext camel;
    @Inject @Filter(timeout = 60_000) FeaturesService features;
    @Inject @Filter(timeout = 60_000) AddonService addons;
    @Inject @Filter(timeout = 60_000) SessionFactory sessionFactory;

    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        return StewardDistribution.options();
    }

    @Test
    public void a_theShippedCatalogListsTheWebhookAddonAvailableAndCompatible() throws Exception {
        await("ready", 150_000, () -> statusService.status().ready());
        shipped = Files.readString(catalog(), StandardCharsets.UTF_8);
        assertFalse("the build filled in every checksum: " + shipped, shipped.contains("@"));
        AddonView webhook = webhook();
        assertEquals(AddonState.AVAILABLE, webhook.state());
        assertTrue("compatible: " + webhook.compatibility(), webhook.compatible());
        assertTrue(webhook.compatibility(), webhook.compatibility().contains("is in [0.1,1)"));
        assertEquals("", webhook.installedVersion());
        assertFalse("it declares where it sends", webhook.outboundHosts().isEmpty());
        assertFalse("it declares what data it handles", webhook.dataKinds().isEmpty());

        String listed = ShellAs.run(sessionFactory, "steward:addon-list", "viewer");
        assertTrue(listed, listed.contains(ADDON) && listed.contains("AVAILABLE") && listed.contains("compatible"));
    }

    @Test
    public void b_aWrongChecksumIsRefusedBeforeAnythingIsInstalled() throws Exception {
        Matcher sha = Pattern.compile("(\"mvn:dev.steward/" + BUNDLE + "/[^\"]+\", \"sha256\": \")([0-9a-f]{64})")
                .matcher(shipped);
        assertTrue("the shipped catalog lists the connector's jar", sha.find());
        String wrong = sha.group(2).startsWith("0") ? "1".repeat(64) : "0".repeat(64);
        try {
            AddonException refused = refusedWithCatalog(sha.replaceFirst("$1" + wrong));
            assertEquals(AddonException.Reason.TAMPERED, refused.reason());
            assertTrue(refused.getMessage(), refused.getMessage().contains("has SHA-256 " + sha.group(2)
                    + ", the catalog says " + wrong));
        } finally {
            restoreCatalog();
        }
    }

    @Test
    public void c_anIncompatiblePlatformRangeIsRefused() throws Exception {
        try {
            AddonException refused = refusedWithCatalog(shipped.replaceFirst(
                    Pattern.quote("\"platform\": \"[0.1,1)\""), "\"platform\": \"[9,10)\""));
            assertEquals(AddonException.Reason.INCOMPATIBLE, refused.reason());
            assertTrue(refused.getMessage(), refused.getMessage().contains("needs platform [9,10), this platform is 0.1.0"));
            AddonView listed = webhook();
            assertFalse(listed.compatible());
            assertTrue(listed.compatibility(), listed.compatibility().contains("needs platform [9,10)"));
        } finally {
            restoreCatalog();
        }
    }

    /**
     * An entry whose artifacts check out but whose feature cannot resolve (it requires an extender nothing provides):
     * the install fails, the repository it added is removed again, and no bundle was installed or touched.
     */
    @Test
    public void d_aFailedInstallIsRolledBackCompletely() throws Exception {
        Matcher sha = Pattern.compile("\"(mvn:dev.steward/" + BUNDLE + "/[^\"]+)\", \"sha256\": \"([0-9a-f]{64})\"")
                .matcher(shipped);
        assertTrue(sha.find());
        Path repository = Files.createTempDirectory("steward-addon-itest").resolve("broken-features.xml");
        Files.writeString(repository, """
                <features name="itest-broken" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
                    <feature name="itest-broken" version="1.0.0">
                        <requirement>osgi.extender;filter:="(osgi.extender=itest.no.such.extender)"</requirement>
                        <bundle>%s</bundle>
                    </feature>
                </features>
                """.formatted(sha.group(1)));
        URI uri = repository.toUri();
        String entry = """
                {"name": "itest-broken", "description": "cannot resolve", "version": "1.0.0", "platform": "[0.1,1)",
                 "repository": "%s", "features": ["itest-broken"],
                 "artifacts": [{"url": "%s", "sha256": "%s"}],
                 "capabilities": {"outboundHosts": [], "dataKinds": []}},
                """.formatted(uri, sha.group(1), sha.group(2));
        writeCatalog(shipped.replaceFirst(Pattern.quote("\"addons\": ["), "\"addons\": [\n" + Matcher.quoteReplacement(entry)));
        Map<Long, String> before = allBundles();
        try {
            addons.install("itest-broken", null, "itest");
            throw new AssertionError("a feature that cannot resolve was installed");
        } catch (AddonException failed) {
            assertEquals(failed.getMessage(), AddonException.Reason.FAILED, failed.reason());
            assertTrue(failed.getMessage(), failed.getMessage().contains("could not be installed and was rolled back"));
            assertTrue("Karaf's cause is given: " + failed.getMessage(), failed.getMessage().contains("missing requirement"));
        } finally {
            restoreCatalog();
        }
        assertNull("the repository the install added is removed", features.getRepository(uri));
        assertEquals("no bundle installed, removed or touched", before, allBundles());
    }

    /** The escalation-mail add-on (no route until it is configured) through the service: installed, then removed. */
    @Test
    public void e_installedThroughTheServiceThenUninstalledThePlatformUntouched() throws Exception {
        Map<Long, String> before = platformBundles();
        List<String> events = new CopyOnWriteArrayList<>();
        SynchronousBundleListener listener = listener(before, events);
        bundleContext.addBundleListener(listener);
        try {
            AddonView installed = addons.install(MAIL_ADDON, null, "itest");
            assertEquals(AddonState.INSTALLED, installed.state());
            assertEquals(installed.version(), installed.installedVersion());
            assertNotNull("the add-on's bundle is installed", bundle(MAIL_BUNDLE));
            await("the add-on's bundle is active", 30_000, () -> bundle(MAIL_BUNDLE).getState() == Bundle.ACTIVE);
            try {
                addons.install(MAIL_ADDON, null, "itest");
                throw new AssertionError("installed twice");
            } catch (AddonException twice) {
                assertEquals(AddonException.Reason.WRONG_STATE, twice.reason());
            }

            AddonView removed = addons.uninstall(MAIL_ADDON, "itest");
            assertEquals(AddonState.AVAILABLE, removed.state());
            assertNull("the add-on's bundle is gone", bundle(MAIL_BUNDLE));
        } finally {
            bundleContext.removeBundleListener(listener);
        }
        assertPlatformUntouched(before, events);
    }

    @Test
    public void f_anAdminInstallsAndUninstallsThroughTheShellAViewerMayNot() throws Exception {
        Map<Long, String> before = platformBundles();
        List<String> events = new CopyOnWriteArrayList<>();
        SynchronousBundleListener listener = listener(before, events);
        bundleContext.addBundleListener(listener);
        try {
            for (String command : List.of("steward:addon-install " + ADDON, "steward:addon-uninstall " + ADDON,
                    "steward:addon-upgrade " + ADDON)) {
                try {
                    throw new AssertionError("a viewer ran " + command + ": "
                            + ShellAs.run(sessionFactory, command, "viewer"));
                } catch (Exception refusal) { // the command ACL hides the command from a viewer
                    assertTrue(refusal.toString(), refusal instanceof SecurityException
                            || refusal.getClass().getSimpleName().equals("CommandNotFoundException"));
                }
            }
            assertNull("nothing was installed for the viewer", bundle(BUNDLE));

            String out = ShellAs.run(sessionFactory, "steward:addon-install " + ADDON, "viewer", "operator", "admin");
            assertTrue(out, out.contains("Add-on " + ADDON) && out.contains("is installed"));
            awaitRoute(true);
            String listed = ShellAs.run(sessionFactory, "steward:addon-list", "viewer");
            assertTrue(listed, listed.contains("INSTALLED"));
            String removed = ShellAs.run(sessionFactory, "steward:addon-uninstall " + ADDON, "viewer", "operator", "admin");
            assertTrue(removed, removed.contains("is uninstalled"));
            awaitRoute(false);
            assertNull(bundle(BUNDLE));
        } finally {
            bundleContext.removeBundleListener(listener);
        }
        assertPlatformUntouched(before, events);
        assertEquals(AddonState.AVAILABLE, webhook().state());
    }

    /**
     * A catalog offering a newer version of the mail add-on (its feature at 0.1.1 in a repository of its own, the same
     * bundles): the older version installs when asked for by version, is listed as upgradable, and the upgrade
     * installs the new feature and removes the old one.
     */
    @Test
    public void g_anUpgradeInstallsTheNewerVersionAndRemovesTheOldOne() throws Exception {
        Matcher artifacts = Pattern.compile("\"name\": \"" + MAIL_ADDON + "\".*?\"features\": \\[[^\\]]*\\],\\s*"
                + "(\"artifacts\": \\[[^\\]]*\\])", Pattern.DOTALL).matcher(shipped);
        assertTrue("the shipped catalog lists the mail add-on's artifacts", artifacts.find());
        Matcher bundleUrl = Pattern.compile("mvn:dev.steward/" + MAIL_BUNDLE + "/[^\"]+").matcher(artifacts.group(1));
        assertTrue(bundleUrl.find());
        Path repository = Files.createTempDirectory("steward-addon-itest").resolve("mail-0.1.1-features.xml");
        Files.writeString(repository, """
                <features name="itest-mail-upgrade" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
                    <feature name="%s" version="0.1.1">
                        <feature>steward-platform</feature>
                        <feature>steward-lib-camel-mail</feature>
                        <bundle>%s</bundle>
                    </feature>
                </features>
                """.formatted(MAIL_ADDON, bundleUrl.group()));
        URI uri = repository.toUri();
        String entry = """
                {"name": "%s", "description": "the next version", "version": "0.1.1", "platform": "[0.1,1)",
                 "repository": "%s", "features": ["%s"], %s,
                 "capabilities": {"outboundHosts": [], "dataKinds": []}},
                """.formatted(MAIL_ADDON, uri, MAIL_ADDON, artifacts.group(1));
        writeCatalog(shipped.replaceFirst(Pattern.quote("\"addons\": ["), "\"addons\": [\n" + Matcher.quoteReplacement(entry)));
        try {
            String shippedVersion = bundleUrl.group().substring(bundleUrl.group().lastIndexOf('/') + 1);
            AddonView old = addons.install(MAIL_ADDON, shippedVersion, "itest");
            assertEquals(AddonState.UPGRADABLE, old.state());
            assertEquals("0.1.1", old.version());
            Bundle before = bundle(MAIL_BUNDLE);
            assertNotNull(before);

            AddonView upgraded = addons.upgrade(MAIL_ADDON, null, "itest");
            assertEquals(AddonState.INSTALLED, upgraded.state());
            assertEquals("0.1.1", upgraded.installedVersion());
            assertTrue(features.isInstalled(features.getFeature(MAIL_ADDON, "0.1.1")));
            assertFalse("the old version is removed", features.isInstalled(features.getFeature(MAIL_ADDON, shippedVersion)));
            assertNotNull("the add-on's bundle stays", bundle(MAIL_BUNDLE));
            try {
                addons.upgrade(MAIL_ADDON, null, "itest");
                throw new AssertionError("upgraded to the version it has");
            } catch (AddonException nothingNewer) {
                assertEquals(AddonException.Reason.WRONG_STATE, nothingNewer.reason());
            }
            addons.uninstall(MAIL_ADDON, "itest");
            assertNull(bundle(MAIL_BUNDLE));
        } finally {
            restoreCatalog();
            if (features.getRepository(uri) != null) {
                features.removeRepository(uri, false);
            }
        }
    }

    /**
     * Installs the webhook add-on with the catalog changed: the install is refused, and every bundle is as it was.
     * The caller restores the catalog.
     */
    private AddonException refusedWithCatalog(String text) throws Exception {
        writeCatalog(text);
        Map<Long, String> before = allBundles();
        try {
            addons.install(ADDON, null, "itest");
            throw new AssertionError("the install was not refused");
        } catch (AddonException refused) {
            assertEquals("no bundle installed, removed or touched", before, allBundles());
            assertNull(bundle(BUNDLE));
            assertFalse(features.isInstalled(features.getFeature(ADDON)));
            return refused;
        }
    }

    private AddonView webhook() {
        return addons.list().stream().filter(a -> a.name().equals(ADDON)).findFirst()
                .orElseThrow(() -> new AssertionError("the catalog lists no " + ADDON));
    }

    private void awaitRoute(boolean running) throws InterruptedException {
        await(running ? "the add-on's route runs" : "the add-on's route is gone", 60_000, () -> running
                ? camel.getRoute(ROUTE) != null && camel.getRouteController().getRouteStatus(ROUTE).isStarted()
                : camel.getRoute(ROUTE) == null);
    }

    private void assertPlatformUntouched(Map<Long, String> before, List<String> events) {
        assertEquals("no platform bundle stopped, started, re-resolved or updated", List.of(), events);
        Map<Long, String> after = platformBundles();
        after.keySet().retainAll(before.keySet());
        assertEquals("platform bundles keep their ids, states and last-modified stamps", before, after);
        assertTrue("the Camel context still runs", camel.getStatus().isStarted());
    }

    private static SynchronousBundleListener listener(Map<Long, String> before, List<String> events) {
        return e -> {
            if (before.containsKey(e.getBundle().getBundleId()) && (e.getType() == BundleEvent.STOPPED
                    || e.getType() == BundleEvent.STARTED || e.getType() == BundleEvent.UNRESOLVED
                    || e.getType() == BundleEvent.UPDATED)) {
                events.add(e.getBundle().getSymbolicName() + ":" + e.getType());
            }
        };
    }

    private static Path catalog() {
        return Path.of(System.getProperty("karaf.etc"), "steward-addons.json");
    }

    private static void writeCatalog(String text) throws Exception {
        Path next = catalog().resolveSibling(".steward-addons.json.next");
        Files.writeString(next, text);
        Files.move(next, catalog(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void restoreCatalog() throws Exception {
        writeCatalog(shipped);
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    /** Every bundle's id with its symbolic name, version, state and last-modified stamp. */
    private Map<Long, String> allBundles() {
        Map<Long, String> stamps = new TreeMap<>();
        for (Bundle b : bundleContext.getBundles()) {
            stamps.put(b.getBundleId(), b.getSymbolicName() + " " + b.getVersion() + " state " + b.getState()
                    + " modified " + b.getLastModified());
        }
        return stamps;
    }

    /** The platform's bundles (dev.steward.* but the add-ons, Camel, the Neo4j driver) with their stamps. */
    private Map<Long, String> platformBundles() {
        Map<Long, String> stamps = new TreeMap<>();
        for (Bundle b : bundleContext.getBundles()) {
            String bsn = b.getSymbolicName() == null ? "" : b.getSymbolicName();
            if ((bsn.startsWith("dev.steward.") && !bsn.startsWith("dev.steward.connector.")
                    && !bsn.startsWith("dev.steward.notify.") && !bsn.startsWith("dev.steward.sample.")) || bsn.startsWith("camel-")
                    || bsn.startsWith("org.apache.camel") || bsn.contains("neo4j")) {
                stamps.put(b.getBundleId(), bsn + " state " + b.getState() + " modified " + b.getLastModified());
            }
        }
        return stamps;
    }

    private static void await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs / 1000 + " s waiting for: " + what);
            }
            Thread.sleep(200);
        }
    }
}
