package dev.steward.kernel.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.failsafe.TimeoutExceededException;
import dev.steward.api.agent.AgentRequest;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.IdempotencyKey;
import dev.steward.api.flow.PermanentStepFailure;
import dev.steward.api.flow.StepDefinition;
import dev.steward.spi.agent.Agent;

/**
 * Drives running flows: starts every step whose dependencies are done on its capability's bulkhead, journals
 * each finished step before anything depends on it, and ends the flow with its last step or first failure.
 * A journal write that fails (store down) is retried until it succeeds; nothing finished is forgotten while
 * the platform runs, and after a crash an unjournaled step runs again with the same idempotency key.
 */
final class FlowExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(FlowExecutor.class);

    private final FlowJournal journal;
    private final Capabilities capabilities;
    private final StepCall calls;
    private final Bulkheads bulkheads;
    private final Clock clock;
    private final Map<String, FlowRun> active = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<FlowStatus>> endings = new ConcurrentHashMap<>();
    private final RetryPolicy<Object> journalRetry = RetryPolicy.builder()
            .withMaxRetries(-1).withBackoff(Duration.ofMillis(100), Duration.ofSeconds(10)).withJitter(0.2).build();
    private final AtomicLong stepsSucceeded = new AtomicLong();
    private final AtomicLong stepsFailed = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile boolean closing;

    FlowExecutor(FlowJournal journal, Capabilities capabilities, StepCall calls, Bulkheads bulkheads, Clock clock) {
        this.journal = journal;
        this.capabilities = capabilities;
        this.calls = calls;
        this.bulkheads = bulkheads;
        this.clock = clock;
    }

    void run(FlowRun run) {
        active.put(run.id(), run);
        advance(run);
    }

    /** Completes with the flow's final status once it is journaled; only for flows this executor runs. */
    CompletableFuture<FlowStatus> ending(String flowId) {
        synchronized (endings) {
            if (active.containsKey(flowId)) {
                return endings.computeIfAbsent(flowId, id -> new CompletableFuture<>());
            }
        }
        return CompletableFuture.completedFuture(journal.find(flowId).map(f -> f.status()).orElse(null));
    }

    /** Starts what can start in every active flow: after an agent arrives, say. */
    void advanceAll() {
        active.values().forEach(this::advance);
    }

    Collection<FlowRun> active() {
        return active.values();
    }

    Map<String, Long> counters() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("activeFlows", (long) active.size());
        counters.put("stepsSucceeded", stepsSucceeded.get());
        counters.put("stepsFailed", stepsFailed.get());
        counters.put("retries", retries.get());
        return counters;
    }

    void close() {
        closing = true;
    }

    List<String> activeIds() {
        return List.copyOf(active.keySet());
    }

    /** Stops running a flow here (another node took it over): what its running steps return is dropped. */
    void abandon(String flowId) {
        FlowRun run = active.remove(flowId);
        if (run != null) {
            run.abandon();
            LOG.warn("Flow {} was taken over by another node; it no longer runs here", flowId);
        }
    }

    private void advance(FlowRun run) {
        if (closing) {
            return;
        }
        for (StepDefinition step : run.claimReady(s -> capabilities.provider(s.capability()).isPresent())) {
            Agent agent = capabilities.provider(step.capability()).orElse(null);
            if (agent == null) {
                run.release(step.id()); // its provider left in between: the step waits for the next one
                continue;
            }
            AgentRequest request = new AgentRequest(step.capability(), run.inputOf(step),
                    IdempotencyKey.of(run.id(), step.id()), run.id(), step.id());
            Instant started = clock.instant();
            calls.run(step, agent, request, bulkheads.of(step.capability()))
                    .thenAccept(outcome -> finished(run, step, request, outcome, started));
        }
    }

    private void finished(FlowRun run, StepDefinition step, AgentRequest request, StepCall.Outcome outcome,
            Instant started) {
        if (closing || run.abandoned()) {
            return; // the flow stays RUNNING in the journal; its owner (this node restarted, or another) resumes it
        }
        retries.addAndGet(Math.max(0, outcome.attempts() - 1));
        boolean ok = outcome.failure() == null;
        String error = ok ? "" : describe(outcome.failure());
        FlowStatus flowStatus = ok ? (run.isLast(step) ? FlowStatus.COMPLETED : null) : FlowStatus.FAILED;
        FlowJournal.StepRecord record = new FlowJournal.StepRecord(step.id(), ok ? "SUCCEEDED" : "FAILED",
                ok ? outcome.result().output() : Map.of(), error, outcome.attempts(), request.key().value());
        Instant at = clock.instant();
        CompletableFuture<Object> written = Failsafe.with(journalRetry)
                .getStageAsync(() -> journal.stepFinished(run.id(), record, started, at, flowStatus,
                        flowStatus == FlowStatus.FAILED ? "step " + step.id() + ": " + error : null)
                        .thenApply(v -> (Object) v));
        written.thenRun(() -> {
            if (ok) {
                stepsSucceeded.incrementAndGet();
                run.succeeded(step.id(), record.output());
            } else {
                stepsFailed.incrementAndGet();
                run.failed(step.id());
                LOG.info("Flow {} failed at step {}: {}", run.id(), step.id(), error);
            }
            if (run.ended()) {
                CompletableFuture<FlowStatus> ending;
                synchronized (endings) {
                    active.remove(run.id());
                    ending = endings.remove(run.id());
                }
                if (ending != null) {
                    ending.complete(ok ? FlowStatus.COMPLETED : FlowStatus.FAILED);
                }
            } else {
                advance(run);
            }
        });
    }

    private static String describe(Throwable failure) {
        String kind = failure instanceof PermanentStepFailure ? "permanent failure"
                : failure instanceof TimeoutExceededException ? "timed out"
                : failure instanceof CircuitBreakerOpenException ? "circuit breaker open"
                : failure.getClass().getSimpleName();
        return kind + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
}
