package dev.steward.fabric.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.fabric.OutboxEntry;

/** {@code steward:outbox-cancel}: gives up an outbound effect that is not delivered: it never will be. */
@Service
@Command(scope = "steward", name = "outbox-cancel", description = "Gives up an outbound effect that is not delivered yet")
public class OutboxCancelCommand extends OutboxKeyCommand {

    @Override
    OutboxEntry change(String actor) {
        return outbox.cancel(key, actor);
    }
}
