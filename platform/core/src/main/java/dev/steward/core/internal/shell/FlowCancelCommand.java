package dev.steward.core.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import dev.steward.api.flow.FlowService;

/** {@code steward:flow-cancel}: stops a running or waiting flow; nothing is compensated. */
@Service
@Command(scope = "steward", name = "flow-cancel", description = "Cancels a running or waiting flow (nothing is undone)")
public class FlowCancelCommand implements Action {

    @Reference
    FlowService flows;

    @Reference
    Session session;

    @Argument(index = 0, name = "id", required = true, description = "Flow instance id")
    String id;

    @Override
    public Object execute() {
        System.out.println("Flow " + id + " is " + flows.cancel(id, Actor.of(session)).status());
        return null;
    }
}
