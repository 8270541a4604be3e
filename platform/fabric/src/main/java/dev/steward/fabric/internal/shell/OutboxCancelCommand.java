package dev.steward.fabric.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import dev.steward.api.fabric.Outbox;

/** {@code steward:outbox-cancel}: gives up an outbound effect that is not delivered: it never will be. */
@Service
@Command(scope = "steward", name = "outbox-cancel", description = "Gives up an outbound effect that is not delivered yet")
public class OutboxCancelCommand implements Action {

    @Reference
    Outbox outbox;

    @Reference
    Session session;

    @Argument(index = 0, name = "key", required = true, description = "The effect's key")
    String key;

    @Override
    public Object execute() {
        Object user = session.get("USER");
        System.out.println("Effect " + key + " is " + outbox.cancel(key, user == null ? "shell" : user.toString()).status());
        return null;
    }
}
