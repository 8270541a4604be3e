package dev.steward.api.plan;

import java.util.Objects;

/**
 * One reason a plan cannot run.
 *
 * @param stepId the step at fault, or {@code null} for the plan as a whole
 * @param field what in the step or plan is at fault, such as {@code capability}, {@code dependsOn} or
 *        {@code input.lines}, or {@code null}
 * @param reason what is wrong, not blank
 */
public record PlanProblem(String stepId, String field, String reason) {

    /** Validates the reason. */
    public PlanProblem {
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("a plan problem needs a reason");
        }
    }

    /**
     * The problem in one line, such as {@code step 'match' input.lines: ...}.
     *
     * @return the line
     */
    public String describe() {
        String where = stepId == null ? "plan" : "step '" + stepId + "'";
        return where + (field == null ? "" : " " + field) + ": " + reason;
    }
}
