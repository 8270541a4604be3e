package dev.steward.core.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.flow.Escalation;
import dev.steward.api.flow.FlowService;
import dev.steward.api.flow.StepRun;

/** {@code steward:approvals}: the steps held for a decision, each with what the decision needs. */
@Service
@Command(scope = "steward", name = "approvals", description = "Lists the steps that policies hold for your decision")
public class ApprovalsCommand implements Action {

    @Reference
    FlowService flows;

    @Override
    public Object execute() {
        var open = flows.escalations();
        if (open.isEmpty()) {
            System.out.println("Nothing waits for a decision.");
        }
        for (Escalation e : open) {
            System.out.printf("Flow %s (%s v%d), step %s calls %s%n", e.flowId(), e.definitionId(), e.definitionVersion(),
                    e.stepId(), e.capability());
            System.out.printf("  held since %s; at %s it is %s unless decided%n", e.heldSince(), e.deadline(),
                    "approve".equals(e.onExpiry()) ? "approved as proposed" : "rejected");
            System.out.println("  why: " + e.reasons());
            if (!e.rationale().isEmpty()) {
                System.out.println("  the agents' rationale: " + e.rationale().replace("\n", "\n    "));
            }
            System.out.printf("  cost so far: %s USD; reserved for this step: %s USD%n", e.costSoFarUsd().toPlainString(),
                    e.reservedUsd().toPlainString());
            System.out.println("  proposed input: " + e.proposedInput());
            for (StepRun s : e.history()) {
                if (!s.stepId().equals(e.stepId())) {
                    System.out.printf("  so far: %-20s %-10s %s%n", s.stepId(), s.status(), s.agent());
                }
            }
            System.out.println("  undo if rolled back: " + (e.undo().undo().isEmpty() ? "(nothing)"
                    : String.join(", ", e.undo().undo().stream().map(u -> u.stepId()).toList()))
                    + (e.undo().irreversible().isEmpty() ? "" : "; cannot be undone: " + String.join(", ", e.undo().irreversible()))
                    + RollbackPrinter.effects(e.undo()));
            System.out.println("  choices: " + String.join(", ", e.choices()) + "; recommended: " + e.recommended());
            System.out.printf("  decide: steward:approve %s %s [field=value ...]  |  steward:reject [--rollback] %s %s [reason]%n",
                    e.flowId(), e.stepId(), e.flowId(), e.stepId());
        }
        return null;
    }
}
