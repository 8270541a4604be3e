package dev.steward.memory.internal.shell;

import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.memory.WorkingMemory;

/** {@code steward:working}: shows a running flow's working context (the ephemeral tier). */
@Service
@Command(scope = "steward", name = "working", description = "Shows a flow's working context, in the order its keys were set")
public class WorkingCommand implements Action {

    private static final int MAX_TEXT = 100;

    @Reference
    WorkingMemory working;

    @Argument(index = 0, name = "flowId", required = true, description = "The flow instance")
    String flowId;

    @Override
    public Object execute() {
        Map<String, String> entries = working.entries(flowId);
        if (entries.isEmpty()) {
            System.out.println("Flow " + flowId + " has no working context (unknown, ended, or nothing set)");
            return null;
        }
        entries.forEach((key, value) -> System.out.printf("%-24s  %6d  %s%n", key, value.length(),
                ShellInput.oneLine(value, MAX_TEXT)));
        return null;
    }
}
