package dev.steward.fabric.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.fabric.OutboxEntry;

/** {@code steward:outbox-retry}: delivers a FAILED, DENIED or HELD effect again, with the same key. */
@Service
@Command(scope = "steward", name = "outbox-retry",
        description = "Delivers a FAILED, DENIED or HELD outbound effect again (releases a held one), with the same key")
public class OutboxRetryCommand extends OutboxKeyCommand {

    @Override
    OutboxEntry change(String actor) {
        return outbox.retry(key, actor);
    }
}
