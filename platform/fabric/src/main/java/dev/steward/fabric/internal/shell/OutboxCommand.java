package dev.steward.fabric.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.fabric.Outbox;
import dev.steward.api.fabric.OutboxEntry;

/** {@code steward:outbox}: the outbound effects steps asked for, newest first, with their delivery state. */
@Service
@Command(scope = "steward", name = "outbox", description = "Lists outbound effects and how their delivery stands")
public class OutboxCommand implements Action {

    @Reference
    Outbox outbox;

    @Option(name = "-s", aliases = "--status",
            description = "Only PENDING, DELIVERING, DELIVERED, HELD, DENIED, FAILED, CANCELLED, or after a rollback"
                    + " COMPENSATING, UNDOING, COMPENSATED, IRREVERSIBLE, COMPENSATION_FAILED")
    String status;

    @Option(name = "-n", aliases = "--limit", description = "At most this many (default 50)")
    int limit = 50;

    @Override
    public Object execute() {
        var entries = outbox.list(status == null ? null : status.toUpperCase(java.util.Locale.ROOT), limit);
        if (entries.isEmpty()) {
            System.out.println("The outbox is empty" + (status == null ? "." : " for status " + status + "."));
        }
        for (OutboxEntry e : entries) {
            System.out.printf("%-44s %-10s %-20s attempts %d%s%n", e.key(), e.status(), e.capability(), e.attempts(),
                    e.lastError().isEmpty() ? "" : "  (" + e.lastError() + ")");
        }
        return null;
    }
}
