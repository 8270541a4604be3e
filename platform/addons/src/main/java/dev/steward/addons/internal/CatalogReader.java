package dev.steward.addons.internal;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.steward.api.addon.AddonException;
import dev.steward.api.addon.AddonException.Reason;

/**
 * Reads a catalog document, {@code {"addons": [...]}}, and checks every entry, so that a wrong catalog is refused as
 * a whole with a message naming the entry and the field at fault.
 */
final class CatalogReader {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    /** The document. */
    record Document(List<CatalogEntry> addons) {
    }

    private final ObjectMapper mapper = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * Reads one catalog.
     *
     * @param json the document
     * @param source where it came from, for the messages
     * @return the catalog
     * @throws AddonException ({@link Reason#CATALOG}) when it is not valid JSON or an entry is wrong
     */
    Catalog read(byte[] json, String source) {
        Document document;
        try {
            document = mapper.readValue(json, Document.class);
        } catch (JsonProcessingException e) {
            throw new AddonException(Reason.CATALOG, "catalog " + source + " is not a valid catalog document: "
                    + e.getOriginalMessage() + " (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
        } catch (IOException e) {
            throw new AddonException(Reason.CATALOG, "catalog " + source + " cannot be read: " + e.getMessage(), e);
        }
        if (document == null || document.addons() == null) {
            throw new AddonException(Reason.CATALOG, "catalog " + source + " has no \"addons\" list");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < document.addons().size(); i++) {
            CatalogEntry entry = document.addons().get(i);
            String where = "catalog " + source + ", add-on #" + (i + 1) + (entry == null || entry.name() == null ? ""
                    : " '" + entry.name() + "'");
            check(entry, where);
            if (!seen.add(entry.name() + "/" + Versions.of(entry.version()))) {
                throw new AddonException(Reason.CATALOG, where + ": version " + entry.version() + " is listed twice");
            }
        }
        return new Catalog(document.addons());
    }

    private static void check(CatalogEntry entry, String where) {
        if (entry == null) {
            throw new AddonException(Reason.CATALOG, where + " is null");
        }
        require(entry.name() != null && NAME.matcher(entry.name()).matches(), where,
                "\"name\" must be lower-case letters, digits, '.', '_' or '-'");
        require(entry.version() != null && !entry.version().isBlank(), where, "\"version\" is missing");
        try {
            Versions.of(entry.version());
        } catch (IllegalArgumentException e) {
            throw new AddonException(Reason.CATALOG, where + ": \"version\" '" + entry.version() + "' is not a version");
        }
        require(entry.platform() != null && !entry.platform().isBlank(), where,
                "\"platform\" (the platform version range, such as [0.1,1)) is missing");
        try {
            Versions.checkRange(entry.platform());
        } catch (IllegalArgumentException e) {
            throw new AddonException(Reason.CATALOG, where + ": \"platform\" '" + entry.platform()
                    + "' is not an OSGi version range: " + e.getMessage());
        }
        require(entry.repository() != null && !entry.repository().isBlank(), where,
                "\"repository\" (the feature repository URI) is missing");
        require(!entry.features().isEmpty(), where, "\"features\" lists no feature");
        require(!entry.artifacts().isEmpty(), where, "\"artifacts\" lists no artifact");
        for (CatalogEntry.Artifact artifact : entry.artifacts()) {
            require(artifact != null && artifact.url() != null && !artifact.url().isBlank(), where,
                    "an artifact has no \"url\"");
            require(artifact.sha256() != null && SHA256.matcher(artifact.sha256().toLowerCase(Locale.ROOT)).matches(),
                    where, "artifact " + artifact.url() + " has no \"sha256\" of 64 hex digits");
        }
    }

    private static void require(boolean condition, String where, String what) {
        if (!condition) {
            throw new AddonException(Reason.CATALOG, where + ": " + what);
        }
    }
}
