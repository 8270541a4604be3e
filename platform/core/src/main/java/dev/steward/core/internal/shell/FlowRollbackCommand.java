package dev.steward.core.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code steward:flow-rollback}: prints the rollback preview, then runs it. */
@Service
@Command(scope = "steward", name = "flow-rollback",
        description = "Undoes an ended flow: runs the compensations of its completed steps, latest first")
public class FlowRollbackCommand extends FlowCommand {

    @Override
    public Object execute() {
        RollbackPrinter.print(id, flows.rollbackPreview(id));
        System.out.println("Flow " + id + " is " + flows.rollback(id, actor()).status());
        return null;
    }
}
