package dev.steward.kernel.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.RollbackPreview;
import dev.steward.api.flow.StepDefinition;
import dev.steward.api.flow.StepRun;
import dev.steward.api.flow.StepStatus;

/** Works out what a rollback undoes: the succeeded steps, latest first, split by whether they can be compensated. */
final class RollbackPlan {

    private RollbackPlan() {
    }

    static RollbackPreview preview(String flowId, FlowDefinition definition, List<StepRun> journaled) {
        List<RollbackPreview.Undo> undo = new ArrayList<>();
        List<String> irreversible = new ArrayList<>();
        List<StepRun> done = journaled.stream().filter(run -> run.status() == StepStatus.SUCCEEDED)
                .sorted(Comparator.comparing(StepRun::finishedAt).reversed()).toList();
        for (StepRun run : done) {
            String compensation = definition.step(run.stepId()).flatMap(StepDefinition::compensationCapability).orElse(null);
            if (compensation == null) {
                irreversible.add(run.stepId());
            } else {
                undo.add(new RollbackPreview.Undo(run.stepId(), compensation));
            }
        }
        return new RollbackPreview(flowId, undo, irreversible);
    }
}
