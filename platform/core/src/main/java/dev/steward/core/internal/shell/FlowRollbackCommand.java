package dev.steward.core.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import dev.steward.api.flow.FlowService;

/** {@code steward:flow-rollback}: prints the rollback preview, then runs it. */
@Service
@Command(scope = "steward", name = "flow-rollback",
        description = "Undoes an ended flow: runs the compensations of its completed steps, latest first")
public class FlowRollbackCommand implements Action {

    @Reference
    FlowService flows;

    @Reference
    Session session;

    @Argument(index = 0, name = "id", required = true, description = "Flow instance id")
    String id;

    @Override
    public Object execute() {
        RollbackPrinter.print(id, flows.rollbackPreview(id));
        System.out.println("Flow " + id + " is " + flows.rollback(id, Actor.of(session)).status());
        return null;
    }
}
