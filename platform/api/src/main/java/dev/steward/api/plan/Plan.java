package dev.steward.api.plan;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A goal turned into steps over registered capabilities, how it was made, whether it passed the checks against the
 * agents' schemas, and the flow that runs it.
 *
 * @param id the plan id, not blank
 * @param goal the goal it serves
 * @param steps its steps ({@code null} becomes empty; empty only when no plan could be made)
 * @param rationale why these steps, as the planner said ({@code null} becomes empty)
 * @param origin how it was made
 * @param source what made it: the model that answered and the repair rounds it took, or the flow template chosen
 *        and its similarity to the goal ({@code null} becomes empty)
 * @param status where it stands
 * @param problems why it was rejected ({@code null} becomes empty; empty unless {@link Status#REJECTED})
 * @param flowDefinitionId the flow definition that runs it, or {@code null} while it has none
 * @param flowId the flow instance running it, or {@code null} before it is started
 * @param createdAt when it was proposed
 */
public record Plan(String id, Goal goal, List<PlanStep> steps, String rationale, Origin origin, String source,
        Status status, List<PlanProblem> problems, String flowDefinitionId, String flowId, Instant createdAt) {

    /** How a plan was made. */
    public enum Origin {
        /** A chat model wrote it, constrained by a JSON schema, and repaired it when it was invalid. */
        MODEL,
        /** One of the operator's flow definitions was chosen by the similarity of its description to the goal. */
        TEMPLATE
    }

    /** Where a plan stands. */
    public enum Status {
        /** It passed the checks and can run. */
        VALID,
        /** It failed the checks, or none could be made: see its problems. */
        REJECTED,
        /** Its flow was started. */
        STARTED
    }

    /** Validates the fields and copies the lists. */
    public Plan {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("plan id must not be blank");
        }
        Objects.requireNonNull(goal, "goal");
        steps = steps == null ? List.of() : List.copyOf(steps);
        rationale = rationale == null ? "" : rationale;
        Objects.requireNonNull(origin, "origin");
        source = source == null ? "" : source;
        Objects.requireNonNull(status, "status");
        problems = problems == null ? List.of() : List.copyOf(problems);
        if ((status == Status.REJECTED) == problems.isEmpty()) {
            throw new IllegalArgumentException("a plan has problems exactly when it is rejected");
        }
        if (status == Status.STARTED && flowId == null) {
            throw new IllegalArgumentException("a started plan names its flow");
        }
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * This plan, started as a flow.
     *
     * @param definitionId the flow definition that runs it
     * @param startedFlowId the flow instance
     * @return the started plan
     */
    public Plan started(String definitionId, String startedFlowId) {
        return new Plan(id, goal, steps, rationale, origin, source, Status.STARTED, problems, definitionId,
                startedFlowId, createdAt);
    }
}
