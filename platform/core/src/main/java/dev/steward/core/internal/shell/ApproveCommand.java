package dev.steward.core.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code steward:approve}: lets a held step run, optionally with fields of its input changed. */
@Service
@Command(scope = "steward", name = "approve", description = "Approves a step held for a decision; it runs on its proposed input with the given changes")
public class ApproveCommand extends FlowCommand {

    @Argument(index = 1, name = "step", required = true, description = "The held step")
    String step;

    @Argument(index = 2, name = "edits", multiValued = true, description = "Input fields to change, key=value")
    List<String> edits;

    @Override
    public Object execute() {
        flows.approve(id, step, KeyValues.parse(edits), actor());
        System.out.println("Approved step " + step + " of flow " + id);
        return null;
    }
}
