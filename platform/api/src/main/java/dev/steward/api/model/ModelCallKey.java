package dev.steward.api.model;

import java.util.Objects;

/**
 * Who makes a model call and which call of theirs it is: the journal keeps one answer per key, so that a step that is
 * retried, or a flow that resumes after a crash, gets the answer it already paid for instead of asking again.
 *
 * @param flowInstanceId the calling flow instance, not blank
 * @param stepId the calling step, not blank
 * @param agentId the calling agent, not blank; routing may pick the tier by it
 * @param capability the capability the step asked for, not blank; routing may pick the tier by it
 * @param name the caller's name for this call within the step, unique in it (e.g. {@code plan}, {@code check-2}), not
 *        blank
 * @since 1.1
 */
public record ModelCallKey(String flowInstanceId, String stepId, String agentId, String capability, String name) {

    /** Validates the fields. */
    public ModelCallKey {
        Objects.requireNonNull(flowInstanceId, "flowInstanceId");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(name, "name");
        if (flowInstanceId.isBlank() || stepId.isBlank() || agentId.isBlank() || capability.isBlank()
                || name.isBlank()) {
            throw new IllegalArgumentException("Model call key parts must not be blank");
        }
    }

    /**
     * The key as the journal stores it.
     *
     * @return {@code flow/step/name}
     */
    public String value() {
        return flowInstanceId + "/" + stepId + "/" + name;
    }
}
