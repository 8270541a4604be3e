package dev.steward.orchestration.internal;

import java.time.Duration;
import java.util.Locale;

import dev.steward.api.model.ModelTier;

/**
 * The choreographer's settings, checked.
 *
 * @param planner {@code auto} (the model when a chat backend is configured, else a template), {@code model} or
 *        {@code template}
 * @param repairRounds how often an invalid plan goes back to the model with its problems
 * @param modelAttempts how often a call no backend answered is made again
 * @param tier the model tier asked for
 * @param modelTimeout the longest one call may take
 * @param minScore the least similarity of a template's description to the goal for it to be chosen
 * @param startWait how long a plan's new flow definition may take to reach the kernel
 */
record PlannerSettings(String planner, int repairRounds, int modelAttempts, ModelTier tier, Duration modelTimeout,
        double minScore, Duration startWait) {

    static final String PID = "dev.steward.orchestration";
    private static final String FILE = "etc/" + PID + ".cfg: ";

    PlannerSettings {
        if (!planner.equals("auto") && !planner.equals("model") && !planner.equals("template")) {
            throw new IllegalArgumentException(FILE + "planner must be auto, model or template, was '" + planner + "'");
        }
        if (repairRounds < 0 || repairRounds > 5) {
            throw new IllegalArgumentException(FILE + "repair.rounds must be 0 to 5, was " + repairRounds);
        }
        if (modelAttempts < 1 || modelAttempts > 5) {
            throw new IllegalArgumentException(FILE + "model.attempts must be 1 to 5, was " + modelAttempts);
        }
        if (modelTimeout.isNegative() || modelTimeout.isZero()) {
            throw new IllegalArgumentException(FILE + "model.timeout.seconds must be at least 1");
        }
        if (!(minScore >= -1 && minScore <= 1)) {
            throw new IllegalArgumentException(FILE + "template.min.score must be between -1 and 1, was " + minScore);
        }
        if (startWait.isNegative() || startWait.isZero()) {
            throw new IllegalArgumentException(FILE + "start.wait.seconds must be at least 1");
        }
    }

    static PlannerSettings from(OrchestrationConfig c) {
        ModelTier tier;
        try {
            tier = ModelTier.valueOf(c.model_tier().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(FILE + "model.tier must be cheap, standard or premium, was '"
                    + c.model_tier() + "'");
        }
        return new PlannerSettings(c.planner().strip().toLowerCase(Locale.ROOT), c.repair_rounds(), c.model_attempts(),
                tier, Duration.ofSeconds(c.model_timeout_seconds()), c.template_min_score(),
                Duration.ofSeconds(c.start_wait_seconds()));
    }
}
