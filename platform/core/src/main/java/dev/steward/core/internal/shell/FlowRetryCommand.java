package dev.steward.core.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import dev.steward.api.flow.FlowService;

/** {@code steward:flow-retry}: runs a failed flow again from its failed step. */
@Service
@Command(scope = "steward", name = "flow-retry", description = "Runs a FAILED flow again from its failed step (same idempotency key)")
public class FlowRetryCommand implements Action {

    @Reference
    FlowService flows;

    @Reference
    Session session;

    @Argument(index = 0, name = "id", required = true, description = "Flow instance id")
    String id;

    @Override
    public Object execute() {
        System.out.println("Flow " + id + " is " + flows.retry(id, Actor.of(session)).status());
        return null;
    }
}
