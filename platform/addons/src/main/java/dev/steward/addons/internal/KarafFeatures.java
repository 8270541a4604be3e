package dev.steward.addons.internal;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.karaf.features.BundleInfo;
import org.apache.karaf.features.Dependency;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;

import dev.steward.api.addon.AddonException;
import dev.steward.api.addon.AddonException.Reason;

/**
 * What the add-on catalog asks of Karaf's features service: repositories, the bundles a feature would install, and
 * installs and uninstalls that never refresh bundles already running (the platform's).
 */
final class KarafFeatures {

    private static final EnumSet<FeaturesService.Option> NO_REFRESH = EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles);

    private final FeaturesService features;

    KarafFeatures(FeaturesService features) {
        this.features = features;
    }

    /**
     * Adds a feature repository unless it is there.
     *
     * @return whether it was added (so that a refused or failed install removes it again)
     */
    boolean addRepository(URI uri) throws Exception {
        if (features.getRepository(uri) != null) {
            return false;
        }
        features.addRepository(uri, false);
        return true;
    }

    void removeRepository(URI uri) throws Exception {
        features.removeRepository(uri, false);
    }

    /**
     * The bundle locations of the features, and of the features they depend on, that are not installed yet: what an
     * install of them would bring (conditional bundles aside).
     *
     * @param entry the add-on
     * @return the locations, in feature order
     * @throws AddonException ({@link Reason#CATALOG}) when the repository does not define one of the add-on's features
     */
    Set<String> locationsToInstall(CatalogEntry entry) throws Exception {
        Set<String> locations = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        Deque<Feature> todo = new ArrayDeque<>();
        for (String id : entry.featureIds()) {
            int slash = id.indexOf('/');
            Feature feature = features.getFeature(id.substring(0, slash), id.substring(slash + 1));
            if (feature == null) {
                throw new AddonException(Reason.CATALOG, "add-on " + entry.name() + " " + entry.version() + ": feature "
                        + id + " is not defined by repository " + entry.repository());
            }
            todo.add(feature);
        }
        while (!todo.isEmpty()) {
            Feature feature = todo.poll();
            if (!seen.add(feature.getId()) || features.isInstalled(feature)) {
                continue;
            }
            feature.getBundles().stream().map(BundleInfo::getLocation).forEach(locations::add);
            for (Dependency dependency : feature.getDependencies()) {
                best(dependency).ifPresent(todo::add);
            }
        }
        return locations;
    }

    /** Installs the features; Karaf resolves them as one and refreshes no bundle that is running. */
    void install(List<String> featureIds) throws Exception {
        features.installFeatures(new LinkedHashSet<>(featureIds), NO_REFRESH);
    }

    /** Uninstalls those of the features that are installed. */
    void uninstall(List<String> featureIds) throws Exception {
        Set<String> installed = new LinkedHashSet<>();
        for (String id : featureIds) {
            if (isInstalled(id)) {
                installed.add(id);
            }
        }
        if (!installed.isEmpty()) {
            features.uninstallFeatures(installed, NO_REFRESH);
        }
    }

    boolean isInstalled(String featureId) throws Exception {
        int slash = featureId.indexOf('/');
        Feature feature = features.getFeature(featureId.substring(0, slash), featureId.substring(slash + 1));
        return feature != null && features.isInstalled(feature);
    }

    /**
     * The newest installed version of a feature.
     *
     * @param name the feature name
     * @return its version, or empty when no version of it is installed
     */
    Optional<String> installedVersion(String name) throws Exception {
        return Stream.of(features.listInstalledFeatures()).filter(f -> f.getName().equals(name))
                .map(Feature::getVersion).max(Comparator.comparing(Versions::of));
    }

    private Optional<Feature> best(Dependency dependency) throws Exception {
        String range = dependency.getVersion() == null || dependency.getVersion().isBlank() ? "0.0.0" : dependency.getVersion();
        Feature[] found = features.getFeatures(dependency.getName(), range);
        if (found == null) {
            return Optional.empty();
        }
        return Stream.of(found).max(Comparator.comparing(f -> Versions.of(f.getVersion())));
    }
}
