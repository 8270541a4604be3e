package dev.steward.api.addon;

import java.util.List;
import java.util.Objects;

/**
 * One add-on of the catalog as the operator sees it: the newest version the catalog offers, what is installed, whether
 * it fits this platform and what it asks for.
 *
 * @param name its name, as the commands take it
 * @param description what it does
 * @param version the newest version the catalog offers (the newest compatible one when there is one)
 * @param installedVersion the version installed, or empty when it is not installed
 * @param compatible whether {@code version} fits this platform's version
 * @param compatibility why: the platform version and the range the add-on accepts
 * @param outboundHosts the hosts it may send to, as the catalog declares them
 * @param dataKinds the kinds of data it reads or writes, as the catalog declares them
 * @param state where it stands
 * @since 1.0
 */
public record AddonView(String name, String description, String version, String installedVersion, boolean compatible,
        String compatibility, List<String> outboundHosts, List<String> dataKinds, AddonState state) {

    /** Validates the fields. */
    public AddonView {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(state, "state");
        description = description == null ? "" : description;
        installedVersion = installedVersion == null ? "" : installedVersion;
        compatibility = compatibility == null ? "" : compatibility;
        outboundHosts = List.copyOf(outboundHosts == null ? List.of() : outboundHosts);
        dataKinds = List.copyOf(dataKinds == null ? List.of() : dataKinds);
    }
}
