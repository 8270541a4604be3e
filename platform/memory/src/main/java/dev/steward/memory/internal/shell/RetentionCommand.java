package dev.steward.memory.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.memory.internal.RetentionSweeper;

/** {@code steward:memory-retention}: runs the retention sweep now, audited like the scheduled ones. */
@Service
@Command(scope = "steward", name = "memory-retention",
        description = "Deletes now the episodes past their retention (retainUntil), as the scheduled sweep does")
public class RetentionCommand implements Action {

    @Reference
    RetentionSweeper sweeper;

    @Override
    public Object execute() {
        RetentionSweeper.Run run = sweeper.sweep();
        System.out.println("Retention sweep " + run.id() + " at " + run.at() + ": " + run.deleted()
                + " episode(s) deleted" + (run.byKind().isEmpty() ? "" : " " + run.byKind()));
        return null;
    }
}
