package dev.steward.api.addon;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The add-on catalog: lists the add-ons it offers and installs, upgrades and uninstalls them in the running platform
 * without refreshing platform bundles. Before anything is installed, an install checks that the add-on's platform
 * range includes this platform's version and that every artifact it would install has the SHA-256 the catalog gives.
 *
 * @since 1.0
 */
@ProviderType
public interface AddonService {

    /**
     * The add-ons of the catalog, and those installed, by name.
     *
     * @return one view per add-on name
     * @throws AddonException ({@link AddonException.Reason#CATALOG}) when the catalog cannot be read
     */
    List<AddonView> list();

    /**
     * Installs an add-on.
     *
     * @param name its name
     * @param version the version, or {@code null} for the newest compatible one
     * @param actor who asked, for the log
     * @return the add-on, installed
     * @throws AddonException when it is refused or fails; then nothing new is installed
     */
    AddonView install(String name, String version, String actor);

    /**
     * Uninstalls an installed add-on.
     *
     * @param name its name
     * @param actor who asked, for the log
     * @return the add-on, now available
     * @throws AddonException when it is not installed or the uninstall fails
     */
    AddonView uninstall(String name, String actor);

    /**
     * Installs a newer version of an installed add-on, then uninstalls the old one; on failure the old one stays.
     *
     * @param name its name
     * @param version the version, or {@code null} for the newest compatible one
     * @param actor who asked, for the log
     * @return the add-on at its new version
     * @throws AddonException when it is refused or fails
     */
    AddonView upgrade(String name, String version, String actor);
}
