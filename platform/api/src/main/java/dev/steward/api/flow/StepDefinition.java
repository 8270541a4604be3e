package dev.steward.api.flow;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One step of a flow definition: the capability it calls, how its input is built, the steps it
 * waits for, and how it is retried, timed out and compensated.
 *
 * @param id the step id, unique in its flow; letters, digits, {@code _ . -}, starting with a letter or digit
 * @param capability the capability an agent or connector must provide, not blank
 * @param inputMapping input field name to source expression ({@code null} becomes empty)
 * @param dependsOn ids of the steps that must succeed first ({@code null} becomes empty)
 * @param retry the retry policy ({@code null} becomes {@link RetryPolicy#defaults()})
 * @param timeout the longest one attempt may take, positive ({@code null} becomes {@link #DEFAULT_TIMEOUT})
 * @param compensation the capability that undoes this step, or {@code null} when none
 * @param await makes the step a durable wait instead of a call, or {@code null} for a call; a wait's
 *     capability may be {@code null} and becomes {@link #WAIT_CAPABILITY}
 */
public record StepDefinition(
        String id,
        String capability,
        Map<String, String> inputMapping,
        List<String> dependsOn,
        RetryPolicy retry,
        Duration timeout,
        String compensation,
        StepWait await) {

    /** The capability name of a wait step: it is run by the kernel itself, not by an agent. */
    public static final String WAIT_CAPABILITY = "steward.wait";

    /** The timeout of an attempt when none is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    /** Validates the fields and applies the defaults. */
    public StepDefinition {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Step id '" + id
                    + "' must start with a letter or digit and contain only letters, digits, '_', '.' or '-'");
        }
        capability = capability == null && await != null ? WAIT_CAPABILITY : capability;
        Objects.requireNonNull(capability, "capability");
        if (capability.isBlank()) {
            throw new IllegalArgumentException("Step '" + id + "' needs a capability");
        }
        inputMapping = inputMapping == null ? Map.of() : Map.copyOf(inputMapping);
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        if (dependsOn.contains(id)) {
            throw new IllegalArgumentException("Step '" + id + "' must not depend on itself");
        }
        if (new HashSet<>(dependsOn).size() != dependsOn.size()) {
            throw new IllegalArgumentException("Step '" + id + "' lists a dependency twice: " + dependsOn);
        }
        retry = retry == null ? RetryPolicy.defaults() : retry;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("Step '" + id + "' timeout must be positive, was " + timeout);
        }
        if (await != null && !WAIT_CAPABILITY.equals(capability)) {
            throw new IllegalArgumentException("Step '" + id + "' is a wait and cannot call capability '" + capability + "'");
        }
        if (compensation != null && compensation.isBlank()) {
            throw new IllegalArgumentException("Step '" + id + "' compensation capability must be null or not blank");
        }
    }

    /**
     * A call step (not a wait).
     *
     * @param id the step id
     * @param capability the capability it calls
     * @param inputMapping input field name to source expression
     * @param dependsOn ids of the steps that must succeed first
     * @param retry the retry policy
     * @param timeout the longest one attempt may take
     * @param compensation the capability that undoes this step, or {@code null}
     */
    public StepDefinition(String id, String capability, Map<String, String> inputMapping, List<String> dependsOn,
            RetryPolicy retry, Duration timeout, String compensation) {
        this(id, capability, inputMapping, dependsOn, retry, timeout, compensation, null);
    }

    /**
     * A step with defaults: no input mapping, no dependencies, default retry and timeout, no compensation.
     *
     * @param id the step id
     * @param capability the capability it calls
     * @return the step
     */
    public static StepDefinition of(String id, String capability) {
        return new StepDefinition(id, capability, Map.of(), List.of(), null, null, null, null);
    }

    /**
     * The capability that undoes this step, if any.
     *
     * @return the compensation capability, or empty when the step is not compensated
     */
    public Optional<String> compensationCapability() {
        return Optional.ofNullable(compensation);
    }

    /**
     * The wait of a wait step.
     *
     * @return the wait, or empty for a call step
     */
    public Optional<StepWait> waiting() {
        return Optional.ofNullable(await);
    }
}
