/**
 * Add-ons as the operator sees them: the {@link dev.steward.api.addon.AddonService} lists the add-ons of the catalog
 * with their compatibility and the capabilities they ask for, and installs, upgrades and uninstalls them live after
 * checking their checksums and platform version range.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.steward.api.addon;
