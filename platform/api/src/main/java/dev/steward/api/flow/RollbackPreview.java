package dev.steward.api.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What rolling a flow back would do: the compensations that would run, in the order they would run (the
 * reverse of completion), the completed steps that have no compensation and so cannot be undone, and what becomes
 * of the outbound effects the flow's steps asked for (the outbox's, delivered or not).
 *
 * @param flowId the flow instance
 * @param undo the steps that would be compensated, latest first
 * @param irreversible the completed steps without compensation, latest first
 * @param effects the flow's outbound effects that a rollback acts on or cannot undo, latest first
 */
public record RollbackPreview(String flowId, List<Undo> undo, List<String> irreversible, List<EffectUndo> effects) {

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

    /** What a rollback does to one outbound effect. */
    public enum EffectAction {
        /** Not delivered yet: it is cancelled and never delivered. */
        CANCEL,
        /** Delivered (or being delivered): its connector undoes it. */
        COMPENSATE,
        /** Delivered, and nothing can undo it: its connector cannot compensate, or none serves it now. */
        IRREVERSIBLE
    }

    /**
     * One outbound effect of the flow and what its rollback does to it.
     *
     * @param key the effect's idempotency key
     * @param capability the capability that delivers it
     * @param stepId the step that asked for it
     * @param status the effect's status now
     * @param action what a rollback does to it
     * @param note why, in a few words
     */
    public record EffectUndo(String key, String capability, String stepId, String status, EffectAction action,
            String note) {

        /** Validates the fields. */
        public EffectUndo {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(capability, "capability");
            Objects.requireNonNull(stepId, "stepId");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(action, "action");
            note = note == null ? "" : note;
        }
    }

    /** Validates the fields and copies the lists. */
    public RollbackPreview {
        Objects.requireNonNull(flowId, "flowId");
        undo = List.copyOf(undo);
        irreversible = List.copyOf(irreversible);
        effects = List.copyOf(effects);
    }

    /**
     * A preview of the flow's steps alone, with no outbound effect.
     *
     * @param flowId the flow instance
     * @param undo the steps that would be compensated, latest first
     * @param irreversible the completed steps without compensation, latest first
     */
    public RollbackPreview(String flowId, List<Undo> undo, List<String> irreversible) {
        this(flowId, undo, irreversible, List.of());
    }

    /**
     * The same preview with these outbound effects as well.
     *
     * @param more the effects to add after those already listed
     * @return a new preview
     */
    public RollbackPreview withEffects(List<EffectUndo> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<EffectUndo> all = new ArrayList<>(effects);
        all.addAll(more);
        return new RollbackPreview(flowId, undo, irreversible, all);
    }

    /**
     * Tells whether everything the flow did can be undone.
     *
     * @return {@code true} when no completed step lacks a compensation and no delivered effect is irreversible
     */
    public boolean fullyReversible() {
        return irreversible.isEmpty() && effects.stream().noneMatch(e -> e.action() == EffectAction.IRREVERSIBLE);
    }
}
