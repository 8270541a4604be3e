package dev.steward.addons.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.steward.api.addon.AddonException;
import dev.steward.api.addon.AddonException.Reason;

/** Where the catalog is read from: the shipped default, a path below the Karaf home, a URL; a missing one refused. */
class CatalogSourceTest {

    @TempDir
    Path home;

    @Test
    void theDefaultIsTheShippedCatalogAndAPathIsBelowTheHome() throws Exception {
        Path etc = Files.createDirectories(home.resolve("etc"));
        Files.writeString(etc.resolve("steward-addons.json"), "{\"addons\": [" + CatalogReaderTest.entry("webhook",
                "1.0", "[0,2)") + "]}");
        CatalogSource shipped = new CatalogSource("", home, etc, Duration.ofSeconds(5));
        assertEquals(etc.resolve("steward-addons.json").toString(), shipped.location());
        assertEquals(1, shipped.read().entries().size());

        CatalogSource relative = new CatalogSource("etc/steward-addons.json", home, etc, Duration.ofSeconds(5));
        assertEquals(1, relative.read().entries().size());
        String url = etc.resolve("steward-addons.json").toUri().toString();
        CatalogSource byUrl = new CatalogSource(url, home, etc, Duration.ofSeconds(5));
        assertEquals(url, byUrl.location());
        assertEquals(1, byUrl.read().entries().size());
    }

    @Test
    void aMissingCatalogIsRefusedNamingWhereItWasLookedFor() {
        AddonException e = assertThrows(AddonException.class,
                () -> new CatalogSource("nowhere.json", home, home, Duration.ofSeconds(5)).read());
        assertEquals(Reason.CATALOG, e.reason());
        assertTrue(e.getMessage().contains(home.resolve("nowhere.json").toString()), e.getMessage());
    }
}
