package dev.steward.core.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowService;
import dev.steward.api.flow.FlowStatus;

/** {@code steward:flow-list}: the newest flows (at most 1000), optionally of one status. */
@Service
@Command(scope = "steward", name = "flow-list", description = "Lists flows, newest first")
public class FlowListCommand implements Action {

    @Reference
    FlowService flows;

    @Option(name = "-s", aliases = "--status", description = "Only flows in this status (RUNNING, COMPLETED, FAILED, ...)")
    String status;

    @Option(name = "-c", aliases = "--count", description = "Print only the number of flows")
    boolean countOnly;

    @Override
    public Object execute() {
        FlowStatus filter = status == null ? null : FlowStatus.valueOf(status.toUpperCase());
        List<FlowInstance> list = flows.list(filter);
        if (countOnly) {
            System.out.println(list.size());
            return null;
        }
        System.out.printf("%-36s  %-10s  %-24s  %s%n", "ID", "STATUS", "DEFINITION", "STARTED");
        for (FlowInstance f : list) {
            System.out.printf("%-36s  %-10s  %-24s  %s%n", f.id(), f.status(), f.definitionId() + " v" + f.definitionVersion(),
                    f.startedAt());
        }
        return null;
    }
}
