package dev.steward.addons.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.steward.api.addon.AddonException;
import dev.steward.api.addon.AddonException.Reason;

/**
 * Checks an add-on's artifacts against the catalog before anything is installed: every artifact its features would
 * install must be listed, and every listed artifact must have the SHA-256 the catalog gives.
 */
final class ArtifactChecks {

    /** Opens an artifact URL: in Karaf, {@code new URL(url).openStream()} through its URL handlers ({@code mvn:}). */
    @FunctionalInterface
    interface Opener {
        InputStream open(String url) throws IOException;
    }

    private final Opener opener;

    ArtifactChecks(Opener opener) {
        this.opener = opener;
    }

    /**
     * Checks one add-on.
     *
     * @param entry the catalog entry
     * @param locations the bundle locations its features would install (those not installed yet)
     * @throws AddonException ({@link Reason#TAMPERED}) naming the first artifact that is not listed, cannot be read
     *     or has another SHA-256
     */
    void verify(CatalogEntry entry, Collection<String> locations) {
        Map<String, String> listed = new TreeMap<>();
        entry.artifacts().forEach(a -> listed.put(a.url().trim(), a.sha256().toLowerCase(Locale.ROOT)));
        for (String location : locations) {
            String url = artifactUrl(location);
            if (!listed.containsKey(url)) {
                throw new AddonException(Reason.TAMPERED, "add-on " + entry.name() + " " + entry.version() + ": artifact "
                        + url + " would be installed but the catalog gives no SHA-256 for it");
            }
        }
        listed.forEach((url, expected) -> {
            String actual = sha256(entry, url);
            if (!actual.equals(expected)) {
                throw new AddonException(Reason.TAMPERED, "add-on " + entry.name() + " " + entry.version() + ": artifact "
                        + url + " has SHA-256 " + actual + ", the catalog says " + expected + " (tampered or wrong catalog)");
            }
        });
    }

    /**
     * The artifact a bundle location installs: a {@code wrap:} location's wrapped URL without its instructions.
     *
     * @param location a feature's bundle location
     * @return the artifact URL the catalog lists
     */
    static String artifactUrl(String location) {
        String url = location.trim();
        if (url.startsWith("wrap:")) {
            url = url.substring("wrap:".length());
            int instructions = url.indexOf('$');
            if (instructions >= 0) {
                url = url.substring(0, instructions);
            }
        }
        return url;
    }

    private String sha256(CatalogEntry entry, String url) {
        MessageDigest digest = digest();
        try (InputStream in = new DigestInputStream(opener.open(url), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException | RuntimeException e) {
            throw new AddonException(Reason.TAMPERED, "add-on " + entry.name() + " " + entry.version() + ": artifact "
                    + url + " cannot be read to check its SHA-256: " + e, e);
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
