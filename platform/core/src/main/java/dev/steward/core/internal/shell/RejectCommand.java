package dev.steward.core.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code steward:reject}: refuses a held step; it fails with the reason, and so does its flow. */
@Service
@Command(scope = "steward", name = "reject", description = "Rejects a step held for a decision; the step and its flow fail")
public class RejectCommand extends FlowCommand {

    @Argument(index = 1, name = "step", required = true, description = "The held step")
    String step;

    @Option(name = "--rollback", description = "Also roll the flow back: compensate its finished steps, latest first")
    boolean rollback;

    @Argument(index = 2, name = "reason", multiValued = true, description = "Why, in words")
    List<String> reason;

    @Override
    public Object execute() {
        String why = reason == null ? null : String.join(" ", reason);
        if (rollback) {
            flows.rejectAndRollBack(id, step, why, actor());
            System.out.println("Rejected step " + step + " of flow " + id + "; the flow rolls back");
        } else {
            flows.reject(id, step, why, actor());
            System.out.println("Rejected step " + step + " of flow " + id);
        }
        return null;
    }
}
