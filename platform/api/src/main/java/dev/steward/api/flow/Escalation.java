package dev.steward.api.flow;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A step that a policy held for the operator's decision, with what the decision needs on one screen: the flow
 * so far, why it was held, the exact input it would run with, until when it waits, and what a rollback of the
 * flow could undo and what it could not.
 *
 * @param flowId the flow instance
 * @param definitionId the flow's definition
 * @param definitionVersion the definition version the flow runs on
 * @param stepId the held step
 * @param capability the capability the step calls
 * @param proposedInput the input the step runs with when approved as it is
 * @param reasons why it was held: the policies and their reasons
 * @param heldSince when the hold began
 * @param deadline when the step fails if nobody decides
 * @param history the flow's steps so far, in the order they started
 * @param undo what a rollback of the flow would do now
 */
public record Escalation(String flowId, String definitionId, int definitionVersion, String stepId, String capability,
        Map<String, Object> proposedInput, String reasons, Instant heldSince, Instant deadline, List<StepRun> history,
        RollbackPreview undo) {

    /** Validates the fields and copies the collections. */
    public Escalation {
        Objects.requireNonNull(flowId, "flowId");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(heldSince, "heldSince");
        Objects.requireNonNull(deadline, "deadline");
        proposedInput = Collections.unmodifiableMap(new LinkedHashMap<>(proposedInput == null ? Map.of() : proposedInput));
        history = history == null ? List.of() : List.copyOf(history);
        reasons = reasons == null ? "" : reasons;
        capability = capability == null ? "" : capability;
    }
}
