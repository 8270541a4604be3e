package dev.steward.core.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code steward:flow-cancel}: stops a running or waiting flow; nothing is compensated. */
@Service
@Command(scope = "steward", name = "flow-cancel", description = "Cancels a running or waiting flow (nothing is undone)")
public class FlowCancelCommand extends FlowCommand {

    @Override
    public Object execute() {
        System.out.println("Flow " + id + " is " + flows.cancel(id, actor()).status());
        return null;
    }
}
