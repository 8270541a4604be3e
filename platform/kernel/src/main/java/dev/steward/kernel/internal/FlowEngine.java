package dev.steward.kernel.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;

import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentRegistry;
import dev.steward.api.agent.AgentStatus;
import dev.steward.api.flow.AuditEvent;
import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.Escalation;
import dev.steward.api.flow.FlowService;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.RollbackPreview;
import dev.steward.api.flow.StepRun;
import dev.steward.api.flow.StepStatus;
import dev.steward.api.flow.IdempotencyKey;
import dev.steward.api.flow.StepWait;
import dev.steward.api.status.Health;
import dev.steward.spi.agent.Agent;
import dev.steward.spi.policy.Policy;
import dev.steward.spi.flow.FlowDefinitionProvider;
import dev.steward.spi.flow.FlowListener;
import dev.steward.spi.flow.RollbackParticipant;
import dev.steward.spi.status.HealthIndicator;
import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.StoreUnavailableException;

/**
 * The execution kernel: starts flows durably (the instance is journaled before {@link #start} returns), runs
 * them through {@link FlowExecutor}, and on activation resumes every flow the journal shows as running,
 * reusing the recorded output of every step that had finished.
 */
@Component(service = {FlowService.class, HealthIndicator.class, AgentRegistry.class},
        configurationPid = "dev.steward.kernel")
@Designate(ocd = KernelConfig.class)
public final class FlowEngine implements FlowService, HealthIndicator, AgentRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(FlowEngine.class);
    private static final int LIST_LIMIT = 1000;
    private static final List<String> ENDED = List.of("COMPLETED", "FAILED", "CANCELLED");

    private final Clock clock;
    private final Definitions definitions = new Definitions();
    private final Capabilities capabilities = new Capabilities();
    private final Map<FlowDefinitionProvider, List<FlowDefinition>> provided = new HashMap<>();
    private final KernelMetrics metrics = new KernelMetrics();
    private final Policies policies;
    private final boolean ownPolicies;
    private final Endings endings = new Endings();
    private final GroupCommit commits;
    private final DefinitionArchive archive;
    private final FlowJournal journal;
    private final Bulkheads bulkheads;
    private final StepCall calls;
    private final Waits waits;
    private final LazyServices<FlowListener> listenerServices = new LazyServices<>();
    private final LazyServices<RollbackParticipant> participants = new LazyServices<>();
    private final FlowListeners listeners;
    private final FlowExecutor executor;
    private final Rollbacks rollbacks;
    private final LeaseKeeper leases;
    private final KernelSettings settings;

    /** The kernel as Declarative Services runs it: the policies are the platform's judge, a component of their own. */
    @Activate
    public FlowEngine(@Reference GraphStore store, @Reference Policies policies, KernelConfig config) {
        this(store, KernelSettings.from(config, NodeId.loadOrCreate(NodeId.defaultFile())), Clock.systemUTC(), policies,
                false);
    }

    FlowEngine(GraphStore store, KernelSettings settings) {
        this(store, settings, Clock.systemUTC());
    }

    /** An engine on another clock (tests that spread flows over days), with policies of its own. */
    FlowEngine(GraphStore store, KernelSettings settings, Clock clock) {
        this(store, settings, clock, new Policies(), true);
    }

    private FlowEngine(GraphStore store, KernelSettings settings, Clock clock, Policies policies, boolean ownPolicies) {
        this.settings = settings;
        this.clock = clock;
        this.policies = policies;
        this.ownPolicies = ownPolicies;
        commits = new GroupCommit(store, settings.journalBatchMax(), settings.journalWriters());
        journal = new FlowJournal(store, commits, settings.nodeId());
        archive = new DefinitionArchive(store);
        bulkheads = new Bulkheads(settings.bulkheadThreads());
        calls = new StepCall(settings);
        waits = new Waits(clock);
        listeners = new FlowListeners(listenerServices, waits.executor());
        executor = new FlowExecutor(journal, capabilities, calls, bulkheads, waits, endings, metrics, policies,
                new ApprovalGate(journal, waits, clock, settings.approvalTimeout(), settings.approveOnExpiry(), metrics),
                clock, settings.costEstimates());
        rollbacks = new Rollbacks(journal, capabilities, calls, bulkheads, endings, clock, waits.executor());
        executor.onCompensate(run -> rollbacks.begin(run.instance(), run.definition()));
        rollbacks.onRolledBack(flowId -> listeners.tell(flowId, "rollback", l -> l.rolledBack(flowId)));
        endings.onEnded((flowId, status) -> listeners.tell(flowId, "end (" + status + ")", l -> l.ended(flowId, status)));
        leases = new LeaseKeeper(journal, executor, rollbacks, this::versionOf, settings, clock);
    }

    @Deactivate
    void deactivate() {
        executor.close();
        if (ownPolicies) {
            policies.close();
        }
        leases.close();
        waits.close();
        bulkheads.close();
        commits.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAgent(Agent agent) {
        Optional<String> problem = capabilities.add(agent);
        if (problem.isPresent()) {
            LOG.warn("Agent {} {} rejected: {}; it serves nothing until a fixed version replaces it",
                    agent.descriptor().id(), agent.descriptor().version(), problem.get());
            return;
        }
        executor.advanceAll();
        rollbacks.advanceAll();
    }

    void removeAgent(Agent agent) {
        capabilities.remove(agent);
    }

    @Override
    public List<AgentStatus> agents() {
        return capabilities.statuses();
    }

    @Override
    public List<AgentStatus> agent(String id) {
        return agents().stream().filter(s -> s.descriptor().id().equals(id)).toList();
    }

    @Override
    public Optional<String> check(AgentDescriptor descriptor) {
        return AgentRoster.check(descriptor);
    }

    @Override
    public Map<String, Integer> parkedSteps() {
        return executor.parkedByCapability();
    }

    @Override
    public List<String> migrate(String agentId, String fromVersion, String toVersion, String actor) {
        Agent to = (toVersion == null ? capabilities.newest(agentId, null)
                : capabilities.version(agentId + "@" + toVersion)).orElseThrow(() -> new IllegalArgumentException(
                        "agent " + agentId + (toVersion == null ? "" : "@" + toVersion)
                                + " is not registered now: steps can only be migrated to a registered version"));
        String target = Capabilities.key(to);
        List<String> moved = executor.migrate(agentId + "@" + (fromVersion == null ? "" : fromVersion), target, actor);
        LOG.info("{} step(s) of agent {}{} migrated to {} by {}", moved.size(), agentId,
                fromVersion == null ? "" : "@" + fromVersion, target, actor);
        return moved;
    }

    /**
     * Flow listeners: told when a flow is rolled back (the memory retracts what the flow asserted) and when it ends
     * (the memory drops its working context). Bound by their service objects, each got on its first notice
     * ({@link LazyServices}).
     */
    @Reference(name = "FlowListener", service = FlowListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "unbindFlowListener")
    void bindFlowListener(ComponentServiceObjects<FlowListener> listener) {
        listenerServices.add(listener);
    }

    void unbindFlowListener(ComponentServiceObjects<FlowListener> listener) {
        listenerServices.remove(listener);
    }

    /** Adds a listener directly (tests). */
    void addFlowListener(FlowListener listener) {
        listenerServices.add(listener);
    }

    /**
     * Rollback participants (the outbox): what they say a rollback does to what they keep for a flow is part of its
     * {@link #rollbackPreview}. Bound like the flow listeners, and got when a preview is first asked for.
     */
    @Reference(name = "RollbackParticipant", service = RollbackParticipant.class,
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "unbindParticipant")
    void bindParticipant(ComponentServiceObjects<RollbackParticipant> participant) {
        participants.add(participant);
    }

    void unbindParticipant(ComponentServiceObjects<RollbackParticipant> participant) {
        participants.remove(participant);
    }

    /** Adds a participant directly (tests). */
    void addParticipant(RollbackParticipant participant) {
        participants.add(participant);
    }

    /** Registers a policy directly (tests and the bench). */
    void register(Policy policy, int ranking) {
        policies.add(policy, ranking);
    }

    /** Removes a policy registered directly (tests). */
    void unregister(Policy policy) {
        policies.remove(policy);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addMeterRegistry(MeterRegistry registry) {
        metrics.bind(registry);
    }

    void removeMeterRegistry(MeterRegistry registry) {
        metrics.unbind(registry);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addDefinitions(FlowDefinitionProvider provider) {
        List<FlowDefinition> list = List.copyOf(provider.definitions());
        provided.put(provider, list);
        list.forEach(definitions::add);
        leases.resumeParked();
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
        leases.resumeParked();
    }

    /** Registers an agent directly (tests and the bench). */
    void register(Agent agent) {
        addAgent(agent);
    }

    @Override
    public FlowInstance start(String definitionId, Map<String, Object> input) {
        FlowRun run = prepare(definitionId, input);
        FlowInstance flow = run.instance();
        GroupCommit.await(journal.flowCreated(flow, flow.startedAt().plus(settings.lease())), "flow not started");
        executor.run(run);
        return flow;
    }

    /**
     * Starts a flow once per key: the flow the key started is returned as it is now; otherwise a new one is created
     * under the key (one transaction, the key unique in the store) and run only by the caller whose write created it.
     */
    @Override
    public FlowInstance start(String definitionId, Map<String, Object> input, String startKey) {
        if (startKey == null || startKey.isBlank()) {
            throw new IllegalArgumentException("a flow start key must not be blank");
        }
        Optional<FlowInstance> started = journal.findByStartKey(startKey);
        if (started.isPresent()) {
            return started.get();
        }
        FlowRun run = prepare(definitionId, input);
        FlowInstance flow = run.instance();
        FlowJournal.KeyedStart start;
        try {
            start = journal.flowCreatedOnce(flow, flow.startedAt().plus(settings.lease()), startKey);
        } catch (StoreUnavailableException e) {
            throw new StoreUnavailableException("flow not started: " + e.getMessage(), e);
        }
        if (start.created()) {
            executor.run(run);
        }
        return start.instance();
    }

    /** The run of a new instance of the latest version of a definition, its input checked and the version archived. */
    private FlowRun prepare(String definitionId, Map<String, Object> input) {
        FlowDefinition definition = definitions.latest(definitionId).orElseThrow(
                () -> new IllegalArgumentException("no flow definition '" + definitionId + "'"));
        Map<String, Object> given = input == null ? Map.of() : input;
        definition.checkInput(given);
        Instant now = clock.instant();
        FlowInstance flow = new FlowInstance(UUID.randomUUID().toString(), definition.id(), definition.version(),
                FlowStatus.RUNNING, now, now, given);
        try {
            archive.keep(definition);
        } catch (StoreUnavailableException e) {
            throw new StoreUnavailableException("flow not started: " + e.getMessage(), e);
        }
        return new FlowRun(flow, definition, Map.of(), Map.of());
    }

    /** Completes with the final status of a flow this engine runs (tests and the bench). */
    CompletableFuture<FlowStatus> ending(String flowId) {
        return endings.of(flowId, () -> journal.find(flowId).map(FlowInstance::status).orElse(null));
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
        Map<String, String> parked = executor.parked(flowId);
        List<StepRun> steps = new ArrayList<>();
        for (FlowJournal.StepRecord s : journal.steps(flowId)) {
            StepRun step = JournalRows.stepRun(s);
            String waitingFor = parked.remove(s.stepId());
            steps.add(waitingFor == null ? step : step.parked(waitingFor));
        }
        if (!parked.isEmpty()) { // parked before they were ever dispatched: no journal entry yet
            Instant since = journal.find(flowId).map(FlowInstance::updatedAt).orElse(clock.instant());
            parked.forEach((stepId, waitingFor) -> steps.add(new StepRun(stepId, StepStatus.PENDING,
                    0, IdempotencyKey.of(flowId, stepId).value(), since, null, "", Map.of(), null,
                    null, null, null, waitingFor)));
        }
        return steps;
    }

    @Override
    public List<FlowDefinition> definitions() {
        return definitions.newest();
    }

    @Override
    public RollbackPreview rollbackPreview(String flowId) {
        FlowInstance flow = existing(flowId);
        RollbackPreview preview = RollbackPlan.preview(flowId, definitionOf(flow), steps(flowId));
        for (RollbackParticipant participant : participants.get()) {
            preview = preview.withEffects(participant.rollbackPreview(flowId));
        }
        return preview;
    }

    private FlowInstance existing(String flowId) {
        return journal.find(flowId).orElseThrow(() -> new IllegalArgumentException("no flow '" + flowId + "'"));
    }

    /** The definition version a flow runs: provided now, or else the copy archived when the flow started. */
    private Optional<FlowDefinition> versionOf(FlowInstance flow) {
        Optional<FlowDefinition> provided = definitions.get(flow.definitionId(), flow.definitionVersion());
        return provided.isPresent() ? provided : archive.load(flow.definitionId(), flow.definitionVersion());
    }

    private FlowDefinition definitionOf(FlowInstance flow) {
        return versionOf(flow).orElseThrow(
                () -> new IllegalStateException("flow " + flow.id() + ": definition " + flow.definitionId() + " v"
                        + flow.definitionVersion() + " is not available"));
    }

    @Override
    public FlowInstance cancel(String flowId, String actor) {
        Instant now = clock.instant();
        FlowJournal.Recorded r = journal.transition(flowId, FlowJournal.ACTIVE, FlowStatus.CANCELLED, false, now,
                AuditEvents.row(now, "CANCELLED", "", actor, "")).orElseThrow(() -> refused(flowId, "cancelled"));
        executor.abandon(flowId, () -> FlowStatus.CANCELLED);
        leases.forget(flowId);
        listeners.tell(flowId, "end (CANCELLED)", l -> l.ended(flowId, FlowStatus.CANCELLED));
        LOG.info("Flow {} cancelled by {}", flowId, actor);
        return r.instance();
    }

    @Override
    public FlowInstance retry(String flowId, String actor) {
        FlowDefinition definition = definitionOf(existing(flowId));
        Instant now = clock.instant();
        FlowJournal.Recorded r = journal.transition(flowId, List.of("FAILED"), FlowStatus.RUNNING, true,
                now.plus(settings.lease()), AuditEvents.row(now, "RETRIED", "", actor, ""))
                .orElseThrow(() -> refused(flowId, "retried (only a FAILED flow is)"));
        if (!r.steps().values().stream().anyMatch(s -> s.status().equals("FAILED"))) {
            LOG.warn("Flow {} is retried but journals no failed step", flowId);
        }
        executor.run(LeaseKeeper.resumed(r, definition));
        LOG.info("Flow {} retried by {} from its failed step", flowId, actor);
        return r.instance();
    }

    @Override
    public FlowInstance rollback(String flowId, String actor) {
        FlowDefinition definition = definitionOf(existing(flowId));
        Instant now = clock.instant();
        FlowJournal.Recorded r = journal.transition(flowId, ENDED, FlowStatus.COMPENSATING, true,
                now.plus(settings.lease()), AuditEvents.row(now, "ROLLBACK_STARTED", "", actor, ""))
                .orElseThrow(() -> refused(flowId, "rolled back (only a COMPLETED, FAILED or CANCELLED flow is)"));
        rollbacks.begin(r.instance(), definition);
        LOG.info("Flow {} is being rolled back, asked by {}", flowId, actor);
        return r.instance();
    }

    @Override
    public void signal(String flowId, String name, Map<String, Object> payload, String actor) {
        StepWait.forSignal(name, java.time.Duration.ofSeconds(1), null); // validates the name
        Map<String, Object> given = payload == null ? Map.of() : payload;
        Instant now = clock.instant();
        if (!journal.signal(flowId, name, given, AuditEvents.row(now, "SIGNALLED", "", actor, "signal " + name))) {
            throw refused(flowId, "signalled");
        }
        executor.deliver(flowId, name, given);
    }

    private RuntimeException refused(String flowId, String what) {
        FlowInstance flow = existing(flowId);
        return new IllegalStateException("flow " + flowId + " is " + flow.status() + " and cannot be " + what);
    }

    @Override
    public List<Escalation> escalations() {
        List<Escalation> open = new ArrayList<>();
        for (FlowJournal.Held h : journal.held()) {
            String flowId = h.flow().id();
            open.add(Escalations.of(h, definitionOf(h.flow()), steps(flowId), rollbackPreview(flowId)));
        }
        return open;
    }

    @Override
    public void approve(String flowId, String stepId, Map<String, Object> edits, String actor) {
        Map<String, Object> decision = new LinkedHashMap<>();
        decision.put("decision", "approve");
        if (edits != null && !edits.isEmpty()) {
            checkEdits(flowId, stepId, edits);
            decision.put("input", new LinkedHashMap<>(edits));
        }
        decide(flowId, stepId, decision, actor);
    }

    /** The proposed input with the edits laid over it must still fit the input schema of the agent that would run it. */
    private void checkEdits(String flowId, String stepId, Map<String, Object> edits) {
        journal.heldStep(flowId, stepId).ifPresent(step -> {
            Map<String, Object> request = Json.read(step.get("approvalRequest"));
            Map<String, Object> input = new LinkedHashMap<>();
            if (request.get("input") instanceof Map<?, ?> proposed) {
                proposed.forEach((k, v) -> input.put(String.valueOf(k), v));
            }
            input.putAll(edits);
            capabilities.provider(String.valueOf(request.get("capability")))
                    .ifPresent(agent -> InputSchema.check(agent.descriptor().inputSchema(), input));
        });
    }

    @Override
    public void reject(String flowId, String stepId, String reason, String actor) {
        decide(flowId, stepId, rejection(reason, false), actor);
    }

    @Override
    public void rejectAndRollBack(String flowId, String stepId, String reason, String actor) {
        decide(flowId, stepId, rejection(reason, true), actor);
    }

    private static Map<String, Object> rejection(String reason, boolean rollback) {
        Map<String, Object> decision = new LinkedHashMap<>();
        decision.put("decision", "reject");
        if (reason != null && !reason.isBlank()) {
            decision.put("reason", reason);
        }
        if (rollback) {
            decision.put("rollback", true);
        }
        return decision;
    }

    private void decide(String flowId, String stepId, Map<String, Object> decision, String actor) {
        String signal = ApprovalGate.signal(stepId);
        if (!journal.awaitsDecision(flowId, stepId, signal)) {
            existing(flowId); // an unknown flow is IllegalArgumentException, not a wrong state
            throw new IllegalStateException("step " + stepId + " of flow " + flowId
                    + " is not waiting for a decision (never held, or decided already)");
        }
        signal(flowId, signal, decision, actor);
    }

    @Override
    public List<AuditEvent> audit(String flowId) {
        return AuditEvents.trail(flowId, journal.events(flowId), journal.stepNodes(flowId));
    }

    @Override
    public Health health() {
        Map<String, String> details = new LinkedHashMap<>();
        executor.counters().forEach((k, v) -> details.put(k, Long.toString(v)));
        details.put("journalCommits", Long.toString(commits.commits()));
        details.put("journalEntries", Long.toString(commits.entries()));
        details.put("journalCommitMeanMicros", Long.toString(commits.meanCommitMicros()));
        details.putAll(calls.openBreakers());
        details.put("rollbacks", Integer.toString(rollbacks.activeIds().size()));
        details.put("waitingForDefinition", Integer.toString(leases.parked()));
        executor.parkedByCapability().forEach((capability, n) -> details.put("parked." + capability, Integer.toString(n)));
        details.put("node", settings.nodeId());
        agents().forEach(a -> details.put("agent." + a.descriptor().id() + "@" + a.descriptor().version(),
                a.state() + ", " + a.calls() + " calls, " + a.failures() + " failed"
                        + (a.problem() == null ? "" : ": " + a.problem())));
        if (!leases.problem().isEmpty()) {
            return Health.degraded("kernel", "flows not resumed yet: " + leases.problem(), details);
        }
        return Health.up("kernel", executor.active().size() + " flow(s) running", details);
    }

}
