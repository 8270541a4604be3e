package dev.steward.core.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code steward:flow-signal}: sends a named signal, with a payload, to a flow. */
@Service
@Command(scope = "steward", name = "flow-signal",
        description = "Sends a signal to a flow; it ends the flow's wait for it now, or is kept until the wait begins")
public class FlowSignalCommand extends FlowCommand {

    @Argument(index = 1, name = "signal", required = true, description = "Signal name")
    String signal;

    @Argument(index = 2, name = "payload", multiValued = true, description = "Payload fields, key=value")
    List<String> payload;

    @Override
    public Object execute() {
        flows.signal(id, signal, KeyValues.parse(payload), actor());
        System.out.println("Signal " + signal + " sent to flow " + id);
        return null;
    }
}
