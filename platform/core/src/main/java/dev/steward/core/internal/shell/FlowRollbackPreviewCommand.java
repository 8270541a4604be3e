package dev.steward.core.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.flow.FlowService;

/** {@code steward:flow-rollback-preview}: what a rollback of a flow would undo, and what it cannot. */
@Service
@Command(scope = "steward", name = "flow-rollback-preview", description = "Lists what rolling a flow back would undo")
public class FlowRollbackPreviewCommand implements Action {

    @Reference
    FlowService flows;

    @Argument(index = 0, name = "id", required = true, description = "Flow instance id")
    String id;

    @Override
    public Object execute() {
        RollbackPrinter.print(id, flows.rollbackPreview(id));
        return null;
    }
}
