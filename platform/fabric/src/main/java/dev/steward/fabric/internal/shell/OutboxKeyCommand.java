package dev.steward.fabric.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;

import dev.steward.api.fabric.Outbox;
import dev.steward.api.fabric.OutboxEntry;

/** A command on one outbound effect: the outbox, the key argument, and who runs it, for the log. */
abstract class OutboxKeyCommand implements Action {

    @Reference
    Outbox outbox;

    @Reference
    Session session;

    @Argument(index = 0, name = "key", required = true, description = "The effect's key")
    String key;

    /** What the command does to the effect, as the given actor. */
    abstract OutboxEntry change(String actor);

    @Override
    public Object execute() {
        Object user = session.get("USER");
        System.out.println("Effect " + key + " is " + change(user == null ? "shell" : user.toString()).status());
        return null;
    }
}
