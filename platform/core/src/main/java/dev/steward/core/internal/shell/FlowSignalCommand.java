package dev.steward.core.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import dev.steward.api.flow.FlowService;

/** {@code steward:flow-signal}: sends a named signal, with a payload, to a flow. */
@Service
@Command(scope = "steward", name = "flow-signal",
        description = "Sends a signal to a flow; it ends the flow's wait for it now, or is kept until the wait begins")
public class FlowSignalCommand implements Action {

    @Reference
    FlowService flows;

    @Reference
    Session session;

    @Argument(index = 0, name = "id", required = true, description = "Flow instance id")
    String id;

    @Argument(index = 1, name = "signal", required = true, description = "Signal name")
    String signal;

    @Argument(index = 2, name = "payload", multiValued = true, description = "Payload fields, key=value")
    List<String> payload;

    @Override
    public Object execute() {
        flows.signal(id, signal, KeyValues.parse(payload), Actor.of(session));
        System.out.println("Signal " + signal + " sent to flow " + id);
        return null;
    }
}
