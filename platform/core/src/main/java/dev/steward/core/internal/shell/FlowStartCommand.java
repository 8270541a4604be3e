package dev.steward.core.internal.shell;

import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowService;

/** {@code steward:flow-start}: starts a flow (or several) on the newest version of a definition. */
@Service
@Command(scope = "steward", name = "flow-start", description = "Starts a flow; input as key=value pairs (numbers and true/false are typed, \"quoted\" stays text)")
public class FlowStartCommand implements Action {

    @Reference
    FlowService flows;

    @Argument(index = 0, name = "definition", required = true, description = "Flow definition id")
    String definition;

    @Argument(index = 1, name = "input", multiValued = true, description = "Input fields, key=value")
    List<String> input;

    @Option(name = "-n", aliases = "--count", description = "Start this many flows with the same input")
    int count = 1;

    @Override
    public Object execute() {
        Map<String, Object> fields = KeyValues.parse(input);
        if (count < 1) {
            throw new IllegalArgumentException("--count must be at least 1");
        }
        for (int i = 0; i < count; i++) {
            FlowInstance flow = flows.start(definition, fields);
            if (count == 1) {
                System.out.println("Started flow " + flow.id() + " (" + flow.definitionId() + " v" + flow.definitionVersion() + ")");
            }
        }
        if (count > 1) {
            System.out.println("Started " + count + " flows of " + definition);
        }
        return null;
    }
}
