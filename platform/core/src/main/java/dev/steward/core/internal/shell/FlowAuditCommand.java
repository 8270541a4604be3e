package dev.steward.core.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.flow.AuditEvent;

/** {@code steward:flow-audit}: what happened to a flow, oldest first, and who caused it. */
@Service
@Command(scope = "steward", name = "flow-audit", description = "Shows a flow's audit trail")
public class FlowAuditCommand extends FlowCommand {

    @Override
    public Object execute() {
        System.out.printf("%-24s  %-24s  %-16s  %-10s  %s%n", "AT", "EVENT", "STEP", "ACTOR", "DETAIL");
        for (AuditEvent e : flows.audit(id)) {
            System.out.printf("%-24s  %-24s  %-16s  %-10s  %s%n", e.at(), e.type(), e.stepId(), e.actor(), e.detail());
        }
        return null;
    }
}
