package dev.steward.kernel.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.TimeoutExceededException;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import dev.failsafe.Timeout;
import dev.steward.api.agent.AgentRequest;
import dev.steward.api.agent.AgentResult;
import dev.steward.api.flow.PermanentStepFailure;
import dev.steward.api.flow.StepDefinition;
import dev.steward.spi.agent.Agent;

/**
 * Runs one step against its agent under the step's policies, with Failsafe: retries with exponential
 * backoff and jitter for retryable failures, a timeout that interrupts a hanging attempt, and a circuit
 * breaker per capability that stops calling a plugin after repeated failures.
 */
final class StepCall {

    /** What a call ended with: the result, or the last failure; and how many attempts it took. */
    record Outcome(AgentResult result, Throwable failure, int attempts) {
    }

    private static final double JITTER = 0.2;
    private final Map<String, CircuitBreaker<AgentResult>> breakers = new ConcurrentHashMap<>();
    private final KernelSettings settings;

    StepCall(KernelSettings settings) {
        this.settings = settings;
    }

    CompletableFuture<Outcome> run(StepDefinition step, Agent agent, AgentRequest request, ExecutorService bulkhead) {
        AtomicInteger attempts = new AtomicInteger();
        Optional<RetryPolicy<AgentResult>> retry = retry(step);
        FailsafeExecutor<AgentResult> executor = retry.isPresent()
                ? Failsafe.with(retry.get()).compose(breaker(step.capability())).compose(timeout(step.timeout()))
                : Failsafe.with(breaker(step.capability())).compose(timeout(step.timeout()));
        return executor.with(bulkhead)
                .getAsync(() -> {
                    attempts.incrementAndGet();
                    return agent.execute(request);
                })
                .handle((result, failure) -> new Outcome(result, unwrap(failure), attempts.get()));
    }

    private static Optional<RetryPolicy<AgentResult>> retry(StepDefinition step) {
        dev.steward.api.flow.RetryPolicy p = step.retry();
        if (p.maxAttempts() <= 1) {
            return Optional.empty();
        }
        RetryPolicyBuilder<AgentResult> b = RetryPolicy.<AgentResult>builder()
                .handle(Exception.class)
                .abortOn(PermanentStepFailure.class)
                .withMaxAttempts(p.maxAttempts());
        if (p.initialBackoff().isZero()) {
            b.withDelay(Duration.ZERO);
        } else if (p.maxBackoff().compareTo(p.initialBackoff()) > 0 && p.multiplier() > 1.0) {
            b.withBackoff(p.initialBackoff(), p.maxBackoff(), p.multiplier()).withJitter(JITTER);
        } else {
            b.withDelay(p.initialBackoff()).withJitter(JITTER);
        }
        return Optional.of(b.build());
    }

    private static Timeout<AgentResult> timeout(Duration timeout) {
        return Timeout.<AgentResult>builder(timeout).withInterrupt().build();
    }

    private CircuitBreaker<AgentResult> breaker(String capability) {
        return breakers.computeIfAbsent(capability, c -> CircuitBreaker.<AgentResult>builder()
                .handle(Exception.class)
                .withFailureThreshold(settings.breakerFailures())
                .withDelay(settings.breakerOpenFor())
                .withSuccessThreshold(1)
                .build());
    }

    /** Capabilities whose circuit breaker is not closed, with its state: for status. */
    Map<String, String> openBreakers() {
        Map<String, String> open = new TreeMap<>();
        breakers.forEach((capability, b) -> {
            if (!b.isClosed()) {
                open.put("breaker " + capability, b.getState().name());
            }
        });
        return open;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** A failure as the journal records it: its kind (permanent, timed out, breaker open, ...) and message. */
    static String describe(Throwable failure) {
        String kind = failure instanceof PermanentStepFailure ? "permanent failure"
                : failure instanceof TimeoutExceededException ? "timed out"
                : failure instanceof CircuitBreakerOpenException ? "circuit breaker open"
                : failure.getClass().getSimpleName();
        return kind + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
}
