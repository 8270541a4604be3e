package dev.steward.kernel.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowStatus;
import dev.steward.spi.store.StoreUnavailableException;

/**
 * Keeps this node's leases: every third of a lease it renews the leases of the flows it holds (dropping those
 * another node took over or an operator cancelled), hands waiting flows the signals sent through another node,
 * then takes over the flows nobody holds (its own from before a restart, and those whose node stopped
 * renewing) and runs those whose definition version is known; the others are parked until it is.
 */
final class LeaseKeeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);
    private static final int CLAIM_BATCH = 500;

    private final FlowJournal journal;
    private final FlowExecutor executor;
    private final Rollbacks rollbacks;
    private final Function<FlowInstance, Optional<FlowDefinition>> versions;
    private final KernelSettings settings;
    private final Clock clock;
    private final Instant activatedAt;
    private final Map<String, FlowJournal.Recorded> parked = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "steward-kernel-leases"));
    private final AtomicBoolean retryScheduled = new AtomicBoolean();
    private volatile String problem = "not yet resumed";

    LeaseKeeper(FlowJournal journal, FlowExecutor executor, Rollbacks rollbacks,
            Function<FlowInstance, Optional<FlowDefinition>> versions, KernelSettings settings, Clock clock) {
        this.journal = journal;
        this.executor = executor;
        this.rollbacks = rollbacks;
        this.versions = versions;
        this.settings = settings;
        this.clock = clock;
        this.activatedAt = clock.instant();
        scheduler.scheduleWithFixedDelay(this::tick, 0, settings.leaseTick().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Why flows could not be resumed at the last tick; empty when they could. */
    String problem() {
        return problem;
    }

    int parked() {
        return parked.size();
    }

    void forget(String flowId) {
        parked.remove(flowId);
    }

    private void tick() {
        try {
            Instant now = clock.instant();
            Instant until = now.plus(settings.lease());
            List<String> held = new ArrayList<>(executor.activeIds());
            held.addAll(rollbacks.activeIds());
            held.addAll(parked.keySet());
            if (!held.isEmpty()) {
                Set<String> kept = new HashSet<>(journal.renew(held, until));
                for (String id : held) {
                    if (!kept.contains(id)) {
                        parked.remove(id);
                        executor.abandon(id, () -> journal.find(id).map(FlowInstance::status).orElse(null));
                        rollbacks.abandon(id);
                        LOG.info("Flow {} no longer runs here: another node took it over, or it was cancelled", id);
                    }
                }
                held.retainAll(kept);
            }
            deliverSignals();
            for (FlowJournal.Recorded r : journal.claim(activatedAt, now, until, held, CLAIM_BATCH)) {
                parked.put(r.instance().id(), r);
            }
            problem = "";
            resumeParked();
        } catch (StoreUnavailableException e) {
            problem = e.getMessage();
            retrySoon();
        } catch (RuntimeException e) {
            problem = e.toString();
            LOG.error("Lease renewal failed: {}", e.toString());
            retrySoon();
        }
    }

    private void deliverSignals() {
        List<String> waiting = executor.active().stream().filter(run -> !run.waits().isEmpty()).map(FlowRun::id).toList();
        journal.pendingSignals(waiting).forEach((flowId, signals) ->
                signals.forEach((name, payload) -> executor.deliver(flowId, name, payload)));
    }

    /** While the store is not answering (at boot, say), try again every second rather than every tick. */
    private void retrySoon() {
        if (retryScheduled.compareAndSet(false, true) && !scheduler.isShutdown()) {
            scheduler.schedule(() -> {
                retryScheduled.set(false);
                tick();
            }, 1, TimeUnit.SECONDS);
        }
    }

    /** Runs the parked flows whose definition version is known; the others wait for it to be provided. */
    synchronized void resumeParked() {
        int resumed = 0;
        for (FlowJournal.Recorded r : List.copyOf(parked.values())) {
            FlowInstance f = r.instance();
            Optional<FlowDefinition> definition = versions.apply(f);
            if (definition.isEmpty()) {
                continue;
            }
            parked.remove(f.id());
            if (f.status() == FlowStatus.COMPENSATING) {
                rollbacks.begin(f, definition.get());
            } else {
                executor.run(resumed(r, definition.get()));
            }
            resumed++;
        }
        if (resumed > 0) {
            LOG.info("Took over {} flow(s) from the journal", resumed);
        }
        if (!parked.isEmpty()) {
            LOG.info("{} flow(s) wait for their definition version to be provided", parked.size());
        }
    }

    /** A flow as the journal left it: succeeded steps keep their output, begun waits their deadline, dispatched steps their pin. */
    static FlowRun resumed(FlowJournal.Recorded r, FlowDefinition definition) {
        Map<String, Map<String, Object>> done = new LinkedHashMap<>();
        Map<String, FlowRun.WaitBegun> waitsBegun = new HashMap<>();
        for (FlowJournal.StepRecord s : r.steps().values()) {
            if (s.status().equals("SUCCEEDED")) {
                done.put(s.stepId(), s.output());
            } else if (s.status().equals("WAITING")) {
                waitsBegun.put(s.stepId(), new FlowRun.WaitBegun(Instant.parse(s.startedAt()), Instant.parse(s.deadline())));
            }
        }
        FlowRun run = new FlowRun(r.instance(), definition, done, waitsBegun);
        r.steps().values().forEach(s -> {
            run.confident(s.stepId(), s.report().confidence());
            run.spent(s.report().costUsd());
        });
        run.pinned(r.pins());
        return run;
    }

    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
