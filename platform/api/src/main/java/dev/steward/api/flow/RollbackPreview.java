package dev.steward.api.flow;

import java.util.List;
import java.util.Objects;

/**
 * What rolling a flow back would do: the compensations that would run, in the order they would run (the
 * reverse of completion), and the completed steps that have no compensation and so cannot be undone.
 *
 * @param flowId the flow instance
 * @param undo the steps that would be compensated, latest first
 * @param irreversible the completed steps without compensation, latest first
 */
public record RollbackPreview(String flowId, List<Undo> undo, List<String> irreversible) {

    /**
     * One compensation that would run.
     *
     * @param stepId the completed step it undoes
     * @param capability the capability called to undo it
     */
    public record Undo(String stepId, String capability) {

        /** Validates the fields. */
        public Undo {
            Objects.requireNonNull(stepId, "stepId");
            Objects.requireNonNull(capability, "capability");
        }
    }

    /** Validates the fields and copies the lists. */
    public RollbackPreview {
        Objects.requireNonNull(flowId, "flowId");
        undo = List.copyOf(undo);
        irreversible = List.copyOf(irreversible);
    }

    /**
     * Tells whether everything the flow did can be undone.
     *
     * @return {@code true} when no completed step lacks a compensation
     */
    public boolean fullyReversible() {
        return irreversible.isEmpty();
    }
}
