package dev.steward.fabric.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.fabric.ExceptionsInbox;

/** {@code steward:dead-letter-discard}: marks an OPEN letter DISCARDED so that it is never replayed. */
@Service
@Command(scope = "steward", name = "dead-letter-discard", description = "Discards an OPEN dead letter (it is kept, never replayed)")
public class DeadLetterDiscardCommand implements Action {

    @Reference
    ExceptionsInbox inbox;

    @Argument(index = 0, name = "id", required = true, description = "Dead letter id")
    String id;

    @Override
    public Object execute() {
        System.out.println("Dead letter " + id + " is " + inbox.discard(id).status());
        return null;
    }
}
