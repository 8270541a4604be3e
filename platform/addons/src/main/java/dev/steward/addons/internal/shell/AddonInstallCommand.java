package dev.steward.addons.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.addon.AddonView;

/** {@code steward:addon-install}: checks and installs an add-on of the catalog, live. */
@Service
@Command(scope = "steward", name = "addon-install",
        description = "Installs an add-on of the catalog after checking its platform range and SHA-256 checksums")
public class AddonInstallCommand extends AddonCommand {

    @Argument(index = 1, name = "version", description = "The version (default: the newest compatible one)")
    String version;

    @Override
    AddonView change(String actor) {
        return addons.install(name, version, actor);
    }

    @Override
    String done(AddonView addon) {
        return "Add-on " + addon.name() + " " + addon.installedVersion() + " is installed";
    }
}
