package dev.steward.addons.internal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apache.karaf.features.FeaturesService;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.addon.AddonException;
import dev.steward.api.addon.AddonException.Reason;
import dev.steward.api.addon.AddonService;
import dev.steward.api.addon.AddonView;

/**
 * The add-on catalog service: reads the catalog on every call, checks an add-on's platform range and checksums before
 * anything is installed, and installs, upgrades and uninstalls its features without refreshing platform bundles,
 * rolling a failed install back. One operation at a time.
 */
@Component(service = AddonService.class, configurationPid = AddonsConfig.PID)
@Designate(ocd = AddonsConfig.class)
public final class AddonCatalog implements AddonService {

    private static final Logger LOG = LoggerFactory.getLogger(AddonCatalog.class);

    private final CatalogSource source;
    private final KarafFeatures features;
    private final ArtifactChecks checks;
    private final AddonViews views;

    @Activate
    public AddonCatalog(@Reference FeaturesService features, AddonsConfig config) {
        if (config.timeout_seconds() < 1) {
            throw new IllegalArgumentException("etc/" + AddonsConfig.PID + ".cfg: timeout.seconds '"
                    + config.timeout_seconds() + "' must be 1 or more");
        }
        Duration timeout = Duration.ofSeconds(config.timeout_seconds());
        this.source = new CatalogSource(config.catalog(), Path.of(System.getProperty("karaf.home", ".")),
                Path.of(System.getProperty("karaf.etc", "etc")), timeout);
        this.features = new KarafFeatures(features);
        this.checks = new ArtifactChecks(url -> CatalogSource.open(url, timeout));
        // the platform's version is the API bundle's: the add-ons' range is checked against what they compile to
        Version platform = FrameworkUtil.getBundle(AddonService.class).getVersion();
        this.views = new AddonViews(this.features, platform);
        LOG.info("Add-on catalog at {}, platform version {}", source.location(), platform);
    }

    @Override
    public synchronized List<AddonView> list() {
        Catalog catalog = source.read();
        return catalog.names().stream().map(name -> views.view(catalog, name)).toList();
    }

    @Override
    public synchronized AddonView install(String name, String version, String actor) {
        Catalog catalog = source.read();
        CatalogEntry entry = views.pick(catalog, name, version);
        Optional<String> installed = views.installedVersion(entry);
        if (installed.isPresent()) {
            throw new AddonException(Reason.WRONG_STATE, "add-on " + name + " is installed already (version "
                    + installed.get() + "); use addon-upgrade for another version");
        }
        views.requireCompatible(entry);
        installEntry(entry);
        LOG.info("Add-on {} {} installed by {}", entry.name(), entry.version(), actor);
        return views.view(source.read(), name);
    }

    @Override
    public synchronized AddonView uninstall(String name, String actor) {
        Catalog catalog = source.read();
        CatalogEntry newest = views.pick(catalog, name, null);
        String karafVersion = views.installedVersion(newest)
                .orElseThrow(() -> new AddonException(Reason.WRONG_STATE, "add-on " + name + " is not installed"));
        Optional<CatalogEntry> entry = catalog.find(name, karafVersion);
        String installed = entry.map(CatalogEntry::version).orElse(karafVersion);
        List<String> ids = entry.map(CatalogEntry::featureIds).orElse(List.of(newest.mainFeature() + "/" + karafVersion));
        try {
            features.uninstall(ids);
        } catch (Exception e) {
            throw new AddonException(Reason.FAILED, "add-on " + name + " " + installed + " could not be uninstalled: " + e, e);
        }
        LOG.info("Add-on {} {} uninstalled by {}", name, installed, actor);
        return views.view(source.read(), name);
    }

    @Override
    public synchronized AddonView upgrade(String name, String version, String actor) {
        Catalog catalog = source.read();
        CatalogEntry newest = views.pick(catalog, name, version);
        String karafVersion = views.installedVersion(newest)
                .orElseThrow(() -> new AddonException(Reason.WRONG_STATE, "add-on " + name + " is not installed; use addon-install"));
        String installed = catalog.find(name, karafVersion).map(CatalogEntry::version).orElse(karafVersion);
        if (Versions.of(newest.version()).compareTo(Versions.of(installed)) <= 0) {
            throw new AddonException(Reason.WRONG_STATE, "add-on " + name + " is at version " + installed
                    + " already; the catalog offers nothing newer" + (version == null ? "" : " than " + version));
        }
        views.requireCompatible(newest);
        List<String> old = catalog.find(name, installed).map(CatalogEntry::featureIds)
                .orElse(List.of(newest.mainFeature() + "/" + installed));
        installEntry(newest);
        try {
            features.uninstall(old);
        } catch (Exception e) {
            rollBack(newest, List.of());
            throw new AddonException(Reason.FAILED, "add-on " + name + ": version " + installed + " could not be removed "
                    + "after " + newest.version() + " was installed, so " + newest.version() + " was removed again: " + e, e);
        }
        LOG.info("Add-on {} upgraded from {} to {} by {}", name, installed, newest.version(), actor);
        return views.view(source.read(), name);
    }

    /** Checks the artifacts, then installs the features; on a refusal or a failure nothing of it stays. */
    private void installEntry(CatalogEntry entry) {
        URI repository = repository(entry);
        boolean added;
        try {
            added = features.addRepository(repository);
        } catch (Exception e) {
            throw new AddonException(Reason.FAILED, "add-on " + entry.name() + " " + entry.version()
                    + ": feature repository " + repository + " cannot be added: " + e, e);
        }
        List<String> addedRepository = added ? List.of(entry.repository()) : List.of();
        try {
            checks.verify(entry, features.locationsToInstall(entry));
        } catch (AddonException e) {
            rollBack(entry, addedRepository);
            throw e;
        } catch (Exception e) {
            rollBack(entry, addedRepository);
            throw new AddonException(Reason.FAILED, "add-on " + entry.name() + " " + entry.version()
                    + ": its features cannot be read: " + e, e);
        }
        try {
            features.install(entry.featureIds());
        } catch (Exception e) {
            rollBack(entry, addedRepository);
            throw new AddonException(Reason.FAILED, "add-on " + entry.name() + " " + entry.version()
                    + " could not be installed and was rolled back: " + e.getMessage(), e);
        }
    }

    /** Uninstalls what an install of the entry left, and removes the repository it added. */
    private void rollBack(CatalogEntry entry, List<String> addedRepository) {
        try {
            features.uninstall(entry.featureIds());
        } catch (Exception e) {
            LOG.error("Rolling back add-on {} {}: its features could not be uninstalled: {}", entry.name(),
                    entry.version(), e.toString());
        }
        for (String uri : addedRepository) {
            try {
                features.removeRepository(URI.create(uri));
            } catch (Exception e) {
                LOG.error("Rolling back add-on {} {}: repository {} could not be removed: {}", entry.name(),
                        entry.version(), uri, e.toString());
            }
        }
    }

    private static URI repository(CatalogEntry entry) {
        try {
            return URI.create(entry.repository().trim());
        } catch (IllegalArgumentException e) {
            throw new AddonException(Reason.CATALOG, "add-on " + entry.name() + " " + entry.version()
                    + ": repository '" + entry.repository() + "' is not a URI");
        }
    }
}
