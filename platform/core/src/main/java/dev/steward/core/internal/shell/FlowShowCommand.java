package dev.steward.core.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.StepRun;

/** {@code steward:flow-show}: one flow and the timeline of its journaled steps. */
@Service
@Command(scope = "steward", name = "flow-show", description = "Shows a flow and its step timeline")
public class FlowShowCommand extends FlowCommand {

    @Override
    public Object execute() {
        FlowInstance f = flows.find(id).orElseThrow(() -> new IllegalArgumentException("no flow '" + id + "'"));
        System.out.printf("Flow %s: %s v%d, %s, started %s, updated %s%n", f.id(), f.definitionId(), f.definitionVersion(),
                f.status(), f.startedAt(), f.updatedAt());
        System.out.printf("  %-20s  %-10s  %8s  %-24s  %s%n", "STEP", "STATUS", "ATTEMPTS", "FINISHED", "ERROR");
        for (StepRun s : flows.steps(id)) {
            System.out.printf("  %-20s  %-10s  %8d  %-24s  %s%n", s.stepId(), s.status(), s.attempts(), s.finishedAt() == null ? "(waiting)" : s.finishedAt(),
                    s.waitingFor().isEmpty() ? s.error() : "waiting for " + s.waitingFor());
        }
        return null;
    }
}
