package dev.steward.addons.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;

import dev.steward.api.addon.AddonException;
import dev.steward.api.addon.AddonService;
import dev.steward.api.addon.AddonView;

/**
 * A command on one add-on: the service, the name argument, and who runs it, for the log. A refusal prints its reason
 * and fails the command.
 */
abstract class AddonCommand implements Action {

    @Reference
    AddonService addons;

    @Reference
    Session session;

    @Argument(index = 0, name = "name", required = true, description = "The add-on's name (steward:addon-list)")
    String name;

    /** What the command does, as the given actor. */
    abstract AddonView change(String actor);

    /** What the command did, for the operator. */
    abstract String done(AddonView addon);

    @Override
    public Object execute() {
        Object user = session.get("USER");
        try {
            System.out.println(done(change(user == null ? "shell" : user.toString())));
        } catch (AddonException e) {
            System.out.println("Refused (" + e.reason() + "): " + e.getMessage());
            throw e;
        }
        return null;
    }
}
