package dev.steward.addons.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.addon.AddonView;

/** {@code steward:addon-upgrade}: installs a newer version of an installed add-on, then removes the old one. */
@Service
@Command(scope = "steward", name = "addon-upgrade",
        description = "Upgrades an installed add-on to a newer version of the catalog (checked as an install is)")
public class AddonUpgradeCommand extends AddonCommand {

    @Argument(index = 1, name = "version", description = "The version (default: the newest compatible one)")
    String version;

    @Override
    AddonView change(String actor) {
        return addons.upgrade(name, version, actor);
    }

    @Override
    String done(AddonView addon) {
        return "Add-on " + addon.name() + " is at version " + addon.installedVersion();
    }
}
