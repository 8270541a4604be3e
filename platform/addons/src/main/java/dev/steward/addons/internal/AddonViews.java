package dev.steward.addons.internal;

import java.util.List;
import java.util.Optional;

import org.osgi.framework.Version;

import dev.steward.api.addon.AddonException;
import dev.steward.api.addon.AddonException.Reason;
import dev.steward.api.addon.AddonState;
import dev.steward.api.addon.AddonView;

/** Picks catalog entries, checks their platform range and tells how an add-on stands against what is installed. */
final class AddonViews {

    private final KarafFeatures features;
    private final Version platform;

    AddonViews(KarafFeatures features, Version platform) {
        this.features = features;
        this.platform = platform;
    }

    /**
     * The entry an operation is about.
     *
     * @param version the version asked for, or {@code null} for the newest compatible one
     * @throws AddonException ({@link Reason#UNKNOWN}) when the catalog has no such add-on or version
     */
    CatalogEntry pick(Catalog catalog, String name, String version) {
        List<CatalogEntry> versions = catalog.versions(name);
        if (versions.isEmpty()) {
            throw new AddonException(Reason.UNKNOWN, "the catalog has no add-on '" + name + "' (addon-list shows what it"
                    + " offers)");
        }
        if (version == null || version.isBlank()) {
            return catalog.newest(name, platform).orElseThrow();
        }
        Optional<CatalogEntry> found;
        try {
            found = catalog.find(name, version);
        } catch (IllegalArgumentException e) {
            found = Optional.empty();
        }
        return found.orElseThrow(() -> new AddonException(Reason.UNKNOWN, "the catalog has no version '" + version
                + "' of add-on " + name + " (it offers " + versions.stream().map(CatalogEntry::version).toList() + ")"));
    }

    /**
     * Refuses an entry whose platform range does not include this platform.
     *
     * @throws AddonException ({@link Reason#INCOMPATIBLE}) naming the range and the platform version
     */
    void requireCompatible(CatalogEntry entry) {
        String refusal = Versions.refusal(entry.platform(), platform);
        if (refusal != null) {
            throw new AddonException(Reason.INCOMPATIBLE, "add-on " + entry.name() + " " + entry.version()
                    + " is not compatible: it " + refusal);
        }
    }

    /** The installed version of the add-on's main feature. */
    Optional<String> installedVersion(CatalogEntry entry) {
        try {
            return features.installedVersion(entry.mainFeature());
        } catch (Exception e) {
            throw new AddonException(Reason.FAILED, "the installed features cannot be listed: " + e, e);
        }
    }

    /** How one add-on stands: its newest compatible version, what is installed, and what it asks for. */
    AddonView view(Catalog catalog, String name) {
        CatalogEntry newest = pick(catalog, name, null);
        String refusal = Versions.refusal(newest.platform(), platform);
        // Karaf may spell the version its own way (0.1.0.SNAPSHOT): show the catalog's spelling
        String installed = installedVersion(newest).map(v -> catalog.find(name, v).map(CatalogEntry::version).orElse(v))
                .orElse("");
        AddonState state = installed.isEmpty() ? AddonState.AVAILABLE
                : refusal == null && Versions.of(newest.version()).compareTo(Versions.of(installed)) > 0
                        ? AddonState.UPGRADABLE : AddonState.INSTALLED;
        String compatibility = refusal == null ? "platform " + platform + " is in " + newest.platform() : "it " + refusal;
        return new AddonView(name, newest.description(), newest.version(), installed, refusal == null, compatibility,
                newest.capabilities().outboundHosts(), newest.capabilities().dataKinds(), state);
    }
}
