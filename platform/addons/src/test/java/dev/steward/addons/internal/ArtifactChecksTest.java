package dev.steward.addons.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.steward.api.addon.AddonException;
import dev.steward.api.addon.AddonException.Reason;

/**
 * Checksums over real files opened by URL: a match passes, a changed artifact and an artifact the catalog does not
 * list are refused naming the artifact, and a {@code wrap:} location is checked by the URL it wraps.
 */
class ArtifactChecksTest {

    @TempDir
    Path dir;

    private final ArtifactChecks checks = new ArtifactChecks(url -> new URL(url).openStream());

    private String file(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file.toUri().toString();
    }

    private static String sha256(String content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    private static CatalogEntry entry(List<CatalogEntry.Artifact> artifacts) {
        return new CatalogEntry("hooks", "", "1.0", "[0,1)", "mvn:x/y/1/xml/features", List.of("hooks"), artifacts, null);
    }

    @Test
    void artifactsWithTheCatalogsChecksumsPass() throws Exception {
        String bundle = file("hooks.jar", "the bundle");
        String library = file("lib.jar", "a library");
        CatalogEntry entry = entry(List.of(new CatalogEntry.Artifact(bundle, sha256("the bundle")),
                new CatalogEntry.Artifact(library, sha256("a library").toUpperCase())));
        checks.verify(entry, List.of(bundle, "wrap:" + library + "$Bundle-SymbolicName=lib&Import-Package=*"));
    }

    @Test
    void aChangedArtifactIsRefusedNamingBothChecksums() throws Exception {
        String bundle = file("hooks.jar", "the bundle, changed");
        AddonException e = assertThrows(AddonException.class, () -> checks.verify(
                entry(List.of(new CatalogEntry.Artifact(bundle, sha256("the bundle")))), List.of(bundle)));
        assertEquals(Reason.TAMPERED, e.reason());
        assertTrue(e.getMessage().contains("artifact " + bundle + " has SHA-256 " + sha256("the bundle, changed")
                + ", the catalog says " + sha256("the bundle")), e.getMessage());
    }

    @Test
    void anArtifactTheCatalogDoesNotListOrThatCannotBeReadIsRefused() throws Exception {
        String bundle = file("hooks.jar", "the bundle");
        String extra = file("extra.jar", "slipped in");
        CatalogEntry entry = entry(List.of(new CatalogEntry.Artifact(bundle, sha256("the bundle"))));
        AddonException unlisted = assertThrows(AddonException.class, () -> checks.verify(entry, List.of(bundle, extra)));
        assertEquals(Reason.TAMPERED, unlisted.reason());
        assertTrue(unlisted.getMessage().contains(extra + " would be installed but the catalog gives no SHA-256"),
                unlisted.getMessage());

        String missing = dir.resolve("missing.jar").toUri().toString();
        AddonException unread = assertThrows(AddonException.class, () -> checks.verify(
                entry(List.of(new CatalogEntry.Artifact(missing, sha256("x")))), List.of(missing)));
        assertTrue(unread.getMessage().contains(missing + " cannot be read to check its SHA-256"), unread.getMessage());
    }
}
