package dev.steward.api.plan;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Turns goals into plans over the registered capabilities and runs them as flows. With a chat model the plan is
 * asked of the model and repaired or rejected when it does not pass the checks; without one, the operator's flow
 * definition whose description is most similar to the goal is chosen. Every plan is kept, rejected ones with their
 * problems.
 */
@ProviderType
public interface Choreographer {

    /**
     * Makes a plan for a goal and checks it; nothing runs.
     *
     * @param goal the goal
     * @param actor who asks, for the record
     * @return the plan, {@link Plan.Status#VALID} or {@link Plan.Status#REJECTED} with its problems
     */
    Plan propose(Goal goal, String actor);

    /**
     * Starts the flow of a valid plan.
     *
     * @param planId the plan
     * @param actor who asks, for the record and the audit trail
     * @return the plan, {@link Plan.Status#STARTED} with its flow
     * @throws IllegalArgumentException when there is no such plan
     * @throws IllegalStateException when the plan was rejected or started already, or no longer passes the checks
     */
    Plan run(String planId, String actor);

    /**
     * Finds a plan.
     *
     * @param planId the plan id
     * @return the plan, or empty when there is none
     */
    Optional<Plan> find(String planId);

    /**
     * The newest plans, newest first.
     *
     * @param limit the most to return, at least 1
     * @return the plans
     */
    List<Plan> plans(int limit);
}
