package dev.steward.addons.internal;

import java.util.List;

/**
 * One version of one add-on in the catalog, as the JSON document gives it.
 *
 * @param name the add-on's name
 * @param description what it does
 * @param version its version (the version of its features unless a feature names its own)
 * @param platform the OSGi version range of the platform ({@code dev.steward.api} bundle) it runs on
 * @param repository the URI of the Karaf feature repository that defines its features
 * @param features its features, {@code name} or {@code name/version}
 * @param artifacts every artifact its features install, with its SHA-256
 * @param capabilities what it asks for
 */
record CatalogEntry(String name, String description, String version, String platform, String repository,
        List<String> features, List<Artifact> artifacts, Capabilities capabilities) {

    CatalogEntry {
        description = description == null ? "" : description;
        features = features == null ? List.of() : List.copyOf(features);
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
        capabilities = capabilities == null ? new Capabilities(List.of(), List.of()) : capabilities;
    }

    /**
     * One artifact and its checksum.
     *
     * @param url its URL as the feature names it ({@code mvn:g/a/v}; a {@code wrap:} bundle is listed by the URL
     *     it wraps)
     * @param sha256 the SHA-256 of its bytes, hex
     */
    record Artifact(String url, String sha256) {
    }

    /**
     * What an add-on asks for.
     *
     * @param outboundHosts hosts it may send to
     * @param dataKinds kinds of data it reads or writes
     */
    record Capabilities(List<String> outboundHosts, List<String> dataKinds) {

        Capabilities {
            outboundHosts = outboundHosts == null ? List.of() : List.copyOf(outboundHosts);
            dataKinds = dataKinds == null ? List.of() : List.copyOf(dataKinds);
        }
    }

    /**
     * Its features as {@code name/version}, the add-on's version where a feature names none.
     *
     * @return the feature ids Karaf's features service takes
     */
    List<String> featureIds() {
        return features.stream().map(f -> f.contains("/") ? f : f + "/" + version).toList();
    }

    /**
     * Its main feature's name: the first one, whose installed version is the add-on's.
     *
     * @return the feature name
     */
    String mainFeature() {
        String first = features.get(0);
        int slash = first.indexOf('/');
        return slash < 0 ? first : first.substring(0, slash);
    }
}
