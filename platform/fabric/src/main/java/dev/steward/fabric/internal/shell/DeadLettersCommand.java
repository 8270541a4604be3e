package dev.steward.fabric.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.fabric.DeadLetterView;
import dev.steward.api.fabric.ExceptionsInbox;

/** {@code steward:dead-letters}: the exceptions inbox, newest failure first, optionally of one status. */
@Service
@Command(scope = "steward", name = "dead-letters", description = "Lists the exceptions inbox, newest failure first")
public class DeadLettersCommand implements Action {

    @Reference
    ExceptionsInbox inbox;

    @Option(name = "-s", aliases = "--status", description = "Only letters in this status (OPEN, REPLAYING, REPLAYED, DISCARDED)")
    String status;

    @Option(name = "-l", aliases = "--limit", description = "At most this many letters (1 to 1000)")
    int limit = 50;

    @Override
    public Object execute() {
        List<DeadLetterView> letters = inbox.list(status, limit);
        System.out.printf("%-36s  %-9s  %-24s  %-24s  %s%n", "ID", "STATUS", "ROUTE", "FAILED", "REASON");
        for (DeadLetterView l : letters) {
            System.out.printf("%-36s  %-9s  %-24s  %-24s  %s%n", l.id(), l.status(), l.route(), l.failedAt(),
                    l.exceptionType() + ": " + l.reason());
        }
        return null;
    }
}
