package dev.steward.addons.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

import dev.steward.api.addon.AddonException;
import dev.steward.api.addon.AddonException.Reason;

/** Reading catalog documents: a valid one, versions and their order, and every kind of wrong document refused. */
class CatalogReaderTest {

    static final String SHA = "a".repeat(64);

    static String entry(String name, String version, String platform) {
        return """
                {"name": "%s", "description": "Hooks", "version": "%s", "platform": "%s",
                 "repository": "mvn:dev.steward/steward-features/0.1.0-SNAPSHOT/xml/features",
                 "features": ["steward-connector-webhook"],
                 "artifacts": [{"url": "mvn:dev.steward/dev.steward.connector.webhook/%s", "sha256": "%s"}],
                 "capabilities": {"outboundHosts": ["hooks.example.com"], "dataKinds": ["webhook deliveries"]},
                 "futureField": true}
                """.formatted(name, version, platform, version, SHA);
    }

    private static Catalog read(String json) {
        return new CatalogReader().read(json.getBytes(StandardCharsets.UTF_8), "test.json");
    }

    private static AddonException refused(String json) {
        return assertThrows(AddonException.class, () -> read(json));
    }

    @Test
    void readsEntriesWithTheirFeaturesArtifactsAndCapabilities() {
        Catalog catalog = read("{\"addons\": [" + entry("steward-connector-webhook", "0.1.0-SNAPSHOT", "[0.1,1)") + ","
                + entry("steward-connector-webhook", "0.2.0", "[0.2,1)") + "," + entry("other", "1.0", "[0,1)") + "]}");
        assertEquals(List.of("other", "steward-connector-webhook"), catalog.names());
        List<CatalogEntry> versions = catalog.versions("steward-connector-webhook");
        assertEquals(List.of("0.2.0", "0.1.0-SNAPSHOT"), versions.stream().map(CatalogEntry::version).toList());
        CatalogEntry first = versions.get(1);
        assertEquals(List.of("steward-connector-webhook/0.1.0-SNAPSHOT"), first.featureIds());
        assertEquals("steward-connector-webhook", first.mainFeature());
        assertEquals(SHA, first.artifacts().get(0).sha256());
        assertEquals(List.of("hooks.example.com"), first.capabilities().outboundHosts());
        assertEquals(List.of("webhook deliveries"), first.capabilities().dataKinds());
        assertEquals("0.1.0-SNAPSHOT", catalog.newest("steward-connector-webhook", Version.parseVersion("0.1.0.SNAPSHOT"))
                .orElseThrow().version(), "the newest version this platform can run");
        assertEquals("0.2.0", catalog.newest("steward-connector-webhook", Version.parseVersion("0.2.1")).orElseThrow()
                .version());
    }

    @Test
    void malformedJsonIsRefusedWithItsLine() {
        AddonException e = refused("{\"addons\": [\n{\"name\": ");
        assertEquals(Reason.CATALOG, e.reason());
        assertTrue(e.getMessage().contains("catalog test.json is not a valid catalog document"), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertTrue(refused("[]").getMessage().contains("not a valid catalog document"));
        assertTrue(refused("{}").getMessage().contains("has no \"addons\" list"));
    }

    @Test
    void aWrongEntryIsRefusedNamingTheFieldAtFault() {
        String good = entry("webhook", "1.0", "[0.1,1)");
        assertTrue(refused("{\"addons\": [" + good.replace("[0.1,1)", "[1,0.1") + "]}").getMessage()
                .contains("\"platform\" '[1,0.1' is not an OSGi version range"));
        assertTrue(refused("{\"addons\": [" + good.replace(SHA, "abc") + "]}").getMessage()
                .contains("has no \"sha256\" of 64 hex digits"));
        assertTrue(refused("{\"addons\": [" + good.replace("\"version\": \"1.0\"", "\"version\": \"\"") + "]}")
                .getMessage().contains("\"version\" is missing"));
        assertTrue(refused("{\"addons\": [" + good.replace("\"webhook\"", "\"Web Hook\"") + "]}").getMessage()
                .contains("\"name\" must be lower-case"));
        assertTrue(refused("{\"addons\": [" + good.replace("[\"steward-connector-webhook\"]", "[]") + "]}").getMessage()
                .contains("add-on #1 'webhook': \"features\" lists no feature"));
        assertTrue(refused("{\"addons\": [" + good + "," + good + "]}").getMessage().contains("listed twice"));
    }
}
