package dev.steward.api.flow;

import java.math.BigDecimal;
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
 * @param rationale why the agents of the steps it depends on proposed it, one line per step ({@code stepId (agent):
 *     rationale}); empty when none gave a reason
 * @param costSoFarUsd what the flow's steps have cost so far
 * @param reservedUsd the held step's estimated cost, reserved for it while it waits when a budget applies
 * @param choices what the operator may decide: {@code approve}, {@code approve with edits}, {@code reject}, and
 *     {@code reject and roll back} when a rollback would undo something
 * @param recommended the recommended choice, one of {@code choices}, with why
 * @param onExpiry what happens at the deadline: {@code reject} or {@code approve}
 */
public record Escalation(String flowId, String definitionId, int definitionVersion, String stepId, String capability,
        Map<String, Object> proposedInput, String reasons, Instant heldSince, Instant deadline, List<StepRun> history,
        RollbackPreview undo, String rationale, BigDecimal costSoFarUsd, BigDecimal reservedUsd, List<String> choices,
        String recommended, String onExpiry) {

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
        rationale = rationale == null ? "" : rationale;
        costSoFarUsd = costSoFarUsd == null ? BigDecimal.ZERO : costSoFarUsd;
        reservedUsd = reservedUsd == null ? BigDecimal.ZERO : reservedUsd;
        choices = choices == null ? List.of() : List.copyOf(choices);
        recommended = recommended == null ? "" : recommended;
        onExpiry = onExpiry == null ? "reject" : onExpiry;
    }

    /**
     * An escalation without rationale, costs or choices (as API 1.2 described it).
     *
     * @param flowId the flow instance
     * @param definitionId the flow's definition
     * @param definitionVersion the definition version
     * @param stepId the held step
     * @param capability the capability the step calls
     * @param proposedInput the input it runs with when approved
     * @param reasons why it was held
     * @param heldSince when the hold began
     * @param deadline when it expires
     * @param history the flow's steps so far
     * @param undo what a rollback would do now
     */
    public Escalation(String flowId, String definitionId, int definitionVersion, String stepId, String capability,
            Map<String, Object> proposedInput, String reasons, Instant heldSince, Instant deadline,
            List<StepRun> history, RollbackPreview undo) {
        this(flowId, definitionId, definitionVersion, stepId, capability, proposedInput, reasons, heldSince, deadline,
                history, undo, null, null, null, null, null, null);
    }
}
