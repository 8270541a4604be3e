package dev.steward.addons.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.addon.AddonService;
import dev.steward.api.addon.AddonView;

/** {@code steward:addon-list}: the catalog's add-ons, installed or available, with compatibility and capabilities. */
@Service
@Command(scope = "steward", name = "addon-list",
        description = "Lists the add-ons of the catalog: installed and available, compatibility, what they ask for")
public class AddonListCommand implements Action {

    @Reference
    AddonService addons;

    @Override
    public Object execute() {
        List<AddonView> all = addons.list();
        if (all.isEmpty()) {
            System.out.println("The catalog offers no add-on.");
        }
        for (AddonView a : all) {
            System.out.printf("%-28s %-16s %-10s installed %-16s %s%n", a.name(), a.version(), a.state(),
                    a.installedVersion().isEmpty() ? "-" : a.installedVersion(),
                    a.compatible() ? "compatible" : "INCOMPATIBLE: " + a.compatibility());
            System.out.printf("    %s%n    outbound hosts: %s; data: %s%n", a.description(),
                    a.outboundHosts().isEmpty() ? "none" : String.join(", ", a.outboundHosts()),
                    a.dataKinds().isEmpty() ? "none" : String.join(", ", a.dataKinds()));
        }
        return null;
    }
}
