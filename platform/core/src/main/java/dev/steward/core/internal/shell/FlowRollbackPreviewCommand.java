package dev.steward.core.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code steward:flow-rollback-preview}: what a rollback of a flow would undo, and what it cannot. */
@Service
@Command(scope = "steward", name = "flow-rollback-preview", description = "Lists what rolling a flow back would undo")
public class FlowRollbackPreviewCommand extends FlowCommand {

    @Override
    public Object execute() {
        RollbackPrinter.print(id, flows.rollbackPreview(id));
        return null;
    }
}
