package dev.steward.fabric.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import dev.steward.api.fabric.Outbox;

/** {@code steward:outbox-retry}: delivers a FAILED, DENIED or HELD effect again, with the same key. */
@Service
@Command(scope = "steward", name = "outbox-retry",
        description = "Delivers a FAILED, DENIED or HELD outbound effect again (releases a held one), with the same key")
public class OutboxRetryCommand implements Action {

    @Reference
    Outbox outbox;

    @Reference
    Session session;

    @Argument(index = 0, name = "key", required = true, description = "The effect's key")
    String key;

    @Override
    public Object execute() {
        Object user = session.get("USER");
        System.out.println("Effect " + key + " is " + outbox.retry(key, user == null ? "shell" : user.toString()).status());
        return null;
    }
}
