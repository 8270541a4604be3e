package dev.steward.addons.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.addon.AddonView;

/** {@code steward:addon-uninstall}: removes an installed add-on, live. */
@Service
@Command(scope = "steward", name = "addon-uninstall", description = "Uninstalls an installed add-on")
public class AddonUninstallCommand extends AddonCommand {

    @Override
    AddonView change(String actor) {
        return addons.uninstall(name, actor);
    }

    @Override
    String done(AddonView addon) {
        return "Add-on " + addon.name() + " is uninstalled";
    }
}
