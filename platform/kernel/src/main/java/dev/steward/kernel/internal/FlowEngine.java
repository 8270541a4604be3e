package dev.steward.kernel.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowService;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.RollbackPreview;
import dev.steward.api.flow.StepRun;
import dev.steward.api.status.Health;
import dev.steward.spi.agent.Agent;
import dev.steward.spi.flow.FlowDefinitionProvider;
import dev.steward.spi.status.HealthIndicator;
import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.StoreUnavailableException;

/**
 * The execution kernel: starts flows durably (the instance is journaled before {@link #start} returns), runs
 * them through {@link FlowExecutor}, and on activation resumes every flow the journal shows as running,
 * reusing the recorded output of every step that had finished.
 */
@Component(service = {FlowService.class, HealthIndicator.class}, configurationPid = "dev.steward.kernel")
@Designate(ocd = KernelConfig.class)
public final class FlowEngine implements FlowService, HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(FlowEngine.class);
    private static final long JOURNAL_WAIT_SECONDS = 30;
    private static final int LIST_LIMIT = 1000;
    private static final int CLAIM_BATCH = 500;

    private final Clock clock = Clock.systemUTC();
    private final Definitions definitions = new Definitions();
    private final Capabilities capabilities = new Capabilities();
    private final Map<FlowDefinitionProvider, List<FlowDefinition>> provided = new HashMap<>();
    private final Map<String, FlowJournal.Recorded> parked = new ConcurrentHashMap<>();
    private final GroupCommit commits;
    private final FlowJournal journal;
    private final Bulkheads bulkheads;
    private final StepCall calls;
    private final FlowExecutor executor;
    private final ScheduledExecutorService leases;
    private final KernelSettings settings;
    private final Instant activatedAt;
    private volatile String resumeProblem = "not yet resumed";
    private final AtomicBoolean retryScheduled = new AtomicBoolean();

    @Activate
    public FlowEngine(@Reference GraphStore store, KernelConfig config) {
        this(store, KernelSettings.from(config, NodeId.loadOrCreate(NodeId.defaultFile())));
    }

    FlowEngine(GraphStore store, KernelSettings settings) {
        this.settings = settings;
        activatedAt = clock.instant();
        commits = new GroupCommit(store, settings.journalBatchMax());
        journal = new FlowJournal(store, commits, settings.nodeId());
        bulkheads = new Bulkheads(settings.bulkheadThreads());
        calls = new StepCall(settings);
        executor = new FlowExecutor(journal, capabilities, calls, bulkheads, clock);
        leases = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "steward-kernel-leases"));
        leases.scheduleWithFixedDelay(this::tick, 0, settings.leaseTick().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        executor.close();
        leases.shutdown();
        try {
            leases.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        bulkheads.close();
        commits.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAgent(Agent agent) {
        capabilities.add(agent);
        executor.advanceAll();
    }

    void removeAgent(Agent agent) {
        capabilities.remove(agent);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addDefinitions(FlowDefinitionProvider provider) {
        List<FlowDefinition> list = List.copyOf(provider.definitions());
        provided.put(provider, list);
        list.forEach(definitions::add);
        resumeParked();
    }

    synchronized void removeDefinitions(FlowDefinitionProvider provider) {
        List<FlowDefinition> list = provided.remove(provider);
        if (list != null) {
            list.forEach(definitions::remove);
        }
    }

    /** Registers a definition directly (tests and the bench). */
    void define(FlowDefinition definition) {
        definitions.add(definition);
        resumeParked();
    }

    /** Registers an agent directly (tests and the bench). */
    void register(Agent agent) {
        addAgent(agent);
    }

    @Override
    public FlowInstance start(String definitionId, Map<String, Object> input) {
        FlowDefinition definition = definitions.latest(definitionId).orElseThrow(
                () -> new IllegalArgumentException("no flow definition '" + definitionId + "'"));
        Instant now = clock.instant();
        FlowInstance flow = new FlowInstance(UUID.randomUUID().toString(), definition.id(), definition.version(),
                FlowStatus.RUNNING, now, now, input == null ? Map.of() : input);
        try {
            journal.flowCreated(flow, now.plus(settings.lease())).get(JOURNAL_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new StoreUnavailableException("flow not started, the journal refused it: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new StoreUnavailableException("flow not started: the journal did not answer in "
                    + JOURNAL_WAIT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("flow not started: interrupted", e);
        }
        executor.run(new FlowRun(flow, definition, Map.of()));
        return flow;
    }

    /** Completes with the final status of a flow this engine runs (tests and the bench). */
    CompletableFuture<FlowStatus> ending(String flowId) {
        return executor.ending(flowId);
    }

    @Override
    public Optional<FlowInstance> find(String id) {
        return journal.find(id);
    }

    @Override
    public List<FlowInstance> list(FlowStatus filter) {
        return journal.list(filter, LIST_LIMIT);
    }

    @Override
    public List<StepRun> steps(String flowId) {
        return journal.steps(flowId);
    }

    @Override
    public RollbackPreview rollbackPreview(String flowId) {
        FlowInstance flow = journal.find(flowId).orElseThrow(() -> new IllegalArgumentException("no flow '" + flowId + "'"));
        FlowDefinition definition = definitions.get(flow.definitionId(), flow.definitionVersion()).orElseThrow(
                () -> new IllegalStateException("flow " + flowId + ": definition " + flow.definitionId() + " v"
                        + flow.definitionVersion() + " is not available"));
        return RollbackPlan.preview(flowId, definition, journal.steps(flowId));
    }

    @Override
    public List<FlowDefinition> definitions() {
        return definitions.newest();
    }

    @Override
    public FlowInstance cancel(String flowId, String actor) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public FlowInstance retry(String flowId, String actor) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public FlowInstance rollback(String flowId, String actor) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public void signal(String flowId, String name, Map<String, Object> payload, String actor) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public List<dev.steward.api.flow.AuditEvent> audit(String flowId) {
        return List.of();
    }

    /**
     * Every third of a lease: renews the leases of the flows this node holds (dropping those another node
     * took over), then takes over the flows nobody holds: its own from before a restart, and those whose
     * node stopped renewing.
     */
    private void tick() {
        try {
            Instant now = clock.instant();
            Instant until = now.plus(settings.lease());
            List<String> held = new ArrayList<>(executor.activeIds());
            held.addAll(parked.keySet());
            if (!held.isEmpty()) {
                Set<String> kept = new HashSet<>(journal.renew(held, until));
                for (String id : held) {
                    if (!kept.contains(id)) {
                        parked.remove(id);
                        executor.abandon(id);
                    }
                }
                held.retainAll(kept);
            }
            for (FlowJournal.Recorded r : journal.claim(activatedAt, now, until, held, CLAIM_BATCH)) {
                parked.put(r.instance().id(), r);
            }
            resumeProblem = "";
            resumeParked();
        } catch (StoreUnavailableException e) {
            resumeProblem = e.getMessage();
            retrySoon();
        } catch (RuntimeException e) {
            resumeProblem = e.toString();
            LOG.error("Lease renewal failed: {}", e.toString());
            retrySoon();
        }
    }

    /** While the store is not answering (at boot, say), try again every second rather than every tick. */
    private void retrySoon() {
        if (retryScheduled.compareAndSet(false, true) && !leases.isShutdown()) {
            leases.schedule(() -> {
                retryScheduled.set(false);
                tick();
            }, 1, TimeUnit.SECONDS);
        }
    }

    /** Runs the loaded flows whose definition version is known; the others wait for it to be provided. */
    private synchronized void resumeParked() {
        int resumed = 0;
        for (FlowJournal.Recorded r : List.copyOf(parked.values())) {
            FlowInstance f = r.instance();
            Optional<FlowDefinition> definition = definitions.get(f.definitionId(), f.definitionVersion());
            if (definition.isEmpty()) {
                continue;
            }
            parked.remove(f.id());
            Map<String, Map<String, Object>> done = new LinkedHashMap<>();
            r.steps().values().stream().filter(s -> s.status().equals("SUCCEEDED"))
                    .forEach(s -> done.put(s.stepId(), s.output()));
            executor.run(new FlowRun(f, definition.get(), done));
            resumed++;
        }
        if (resumed > 0) {
            LOG.info("Took over {} running flow(s) from the journal", resumed);
        }
        if (!parked.isEmpty()) {
            LOG.info("{} running flow(s) wait for their definition version to be provided", parked.size());
        }
    }

    @Override
    public Health health() {
        Map<String, String> details = new LinkedHashMap<>();
        executor.counters().forEach((k, v) -> details.put(k, Long.toString(v)));
        details.put("journalCommits", Long.toString(commits.commits()));
        details.put("journalEntries", Long.toString(commits.entries()));
        details.put("journalCommitMeanMicros", Long.toString(commits.meanCommitMicros()));
        details.putAll(calls.openBreakers());
        details.put("waitingForDefinition", Integer.toString(parked.size()));
        details.put("node", settings.nodeId());
        if (!resumeProblem.isEmpty()) {
            return Health.degraded("kernel", "flows not resumed yet: " + resumeProblem, details);
        }
        return Health.up("kernel", executor.active().size() + " flow(s) running", details);
    }

}
