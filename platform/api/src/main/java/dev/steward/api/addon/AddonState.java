package dev.steward.api.addon;

/**
 * Where an add-on of the catalog stands in this platform.
 *
 * @since 1.0
 */
public enum AddonState {
    /** Not installed. */
    AVAILABLE,
    /** Installed at the newest compatible version the catalog offers. */
    INSTALLED,
    /** Installed, and the catalog offers a newer compatible version. */
    UPGRADABLE
}
