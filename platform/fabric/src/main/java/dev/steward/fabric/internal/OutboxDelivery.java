package dev.steward.fabric.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.connector.Effect;
import dev.steward.api.connector.EffectReceipt;
import dev.steward.api.fabric.Outbox;
import dev.steward.api.fabric.OutboxEntry;
import dev.steward.api.flow.IdempotencyKey;
import dev.steward.api.flow.PermanentStepFailure;
import dev.steward.api.flow.RollbackPreview.EffectUndo;
import dev.steward.api.policy.PolicyJudge;
import dev.steward.api.policy.PolicyRuling;
import dev.steward.api.policy.PolicySubject;
import dev.steward.api.policy.Verdict;
import dev.steward.api.status.Health;
import dev.steward.spi.connector.OutboundConnector;
import dev.steward.spi.flow.FlowListener;
import dev.steward.spi.flow.RollbackParticipant;
import dev.steward.spi.status.HealthIndicator;
import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.StoreUnavailableException;

/**
 * Delivers the outbox: every effect a step asked for, through the connector that offers its capability, with the
 * effect's own idempotency key on every attempt. The kernel writes the effect with the step's result, so an effect
 * is neither lost nor invented by a crash; delivery is at least once, and the key makes it once at a connector (or a
 * far side) that deduplicates by it. Policies judge each effect first ({@code OUTBOUND_EFFECT}): denied → DENIED,
 * approval → HELD until the operator retries (releases) or cancels it. A failure waits 1 s, doubling up to
 * {@code outbox.backoff.max.seconds}, and after {@code outbox.max.attempts} the effect is FAILED; a connector's
 * {@link PermanentStepFailure} or {@link IllegalArgumentException} fails it at once.
 */
@Component(service = {Outbox.class, HealthIndicator.class, FlowListener.class, RollbackParticipant.class},
        configurationPid = "dev.steward.fabric")
public final class OutboxDelivery implements Outbox, HealthIndicator, FlowListener, RollbackParticipant {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxDelivery.class);
    private static final int BATCH = 100;
    private static final long NO_CONNECTOR_RETRY_MS = 5_000;

    private final OutboxStore store;
    private final Clock clock;
    private final int maxAttempts;
    private final long maxBackoffMs;
    private final long claimMs;
    private final Map<String, OutboundConnector> connectors = new ConcurrentHashMap<>();
    private final List<PolicyJudge> judges = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService poller;
    private final ExecutorService deliverers;
    private final Claims claims;
    private final OutboxUndo undo;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private volatile String lastProblem = "";
    private final long startedAt;
    private volatile boolean staleReleased;

    @Activate
    public OutboxDelivery(@Reference GraphStore store, FabricConfig config) {
        this(store, Clock.systemUTC(), positive(config.outbox_poll_ms(), "outbox.poll.ms"),
                positive(config.outbox_max_attempts(), "outbox.max.attempts"),
                Duration.ofSeconds(positive(config.outbox_backoff_max_seconds(), "outbox.backoff.max.seconds")),
                Duration.ofSeconds(positive(config.outbox_claim_seconds(), "outbox.claim.seconds")));
    }

    OutboxDelivery(GraphStore store, Clock clock, int pollMs, int maxAttempts, Duration maxBackoff, Duration claim) {
        this.store = new OutboxStore(store);
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.maxBackoffMs = maxBackoff.toMillis();
        this.claimMs = claim.toMillis();
        this.poller = Executors.newSingleThreadScheduledExecutor(named("steward-outbox-poll"));
        this.deliverers = Executors.newFixedThreadPool(2, named("steward-outbox-delivery"));
        this.startedAt = clock.millis();
        this.claims = new Claims(deliverers);
        this.undo = new OutboxUndo(new OutboxUndoStore(store), connectors::get, clock, maxAttempts, this::backoff, claimMs,
                claims);
        poller.scheduleWithFixedDelay(this::deliverDue, 0, pollMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Effects left DELIVERING by an earlier run of the platform (it stopped, or was killed, during their delivery) are
     * due again at once rather than when their claim runs out; done at the first look the store answers. With several nodes on one store this also takes back
     * a delivery another node runs at that moment: the far side then sees the same key twice.
     */
    private void releaseStale() {
        long n = store.releaseStale(startedAt);
        if (n > 0) {
            LOG.info("{} outbound effect(s) were being delivered when the platform stopped: delivering them again", n);
        }
        undo.recover(startedAt);
        staleReleased = true;
    }

    /** The flow's effects not yet delivered are cancelled, and its delivered ones undone (see {@link OutboxUndo}). */
    @Override
    public void rolledBack(String flowId) {
        poller.execute(() -> {
            try {
                undo.rolledBack(flowId);
                undo.undoDue();
            } catch (RuntimeException e) {
                // the next start finds the rolled-back flow again (OutboxUndo.recover)
                LOG.warn("The outbound effects of rolled-back flow {} could not be moved on yet: {}", flowId, e.toString());
            }
        });
    }

    private static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static int positive(int value, String key) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " in etc/dev.steward.fabric.cfg must be a positive number, was " + value);
        }
        return value;
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        poller.shutdownNow();
        deliverers.shutdown();
        deliverers.awaitTermination(10, TimeUnit.SECONDS); // what is cut off stays DELIVERING: claimed again later
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addConnector(OutboundConnector connector) {
        for (String capability : connector.descriptor().capabilities()) {
            if (connectors.putIfAbsent(capability, connector) != null) {
                LOG.warn("Connector {} offers '{}', which connector {} delivers already; the first one keeps it",
                        connector.descriptor().id(), capability, connectors.get(capability).descriptor().id());
            }
        }
        poller.execute(this::deliverDue); // effects that waited for it go now
    }

    void removeConnector(OutboundConnector connector) {
        connectors.values().removeIf(c -> c == connector);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addJudge(PolicyJudge judge) {
        judges.add(judge);
    }

    void removeJudge(PolicyJudge judge) {
        judges.remove(judge);
    }

    /** One look: (once) releases what a stopped run left claimed, then claims what is due and hands each on. */
    void deliverDue() {
        try {
            if (!staleReleased) {
                releaseStale();
            }
            long now = clock.millis();
            claims.handOut(store.due(now, BATCH), key -> store.claim(key, now, now + claimMs), this::deliver);
            undo.undoDue();
            lastProblem = "";
        } catch (StoreUnavailableException e) {
            // the store is starting or down: its own health says so; the outbox goes on when it is back
            lastProblem = "the store is unavailable: " + e.getMessage();
            LOG.debug("The outbox waits for the store: {}", e.getMessage());
        } catch (RuntimeException e) {
            String problem = e.toString();
            if (!problem.equals(lastProblem)) { // once per new problem, not at every look
                LOG.warn("The outbox could not be read (the next looks try again): {}", problem);
            }
            lastProblem = problem;
        }
    }

    private void deliver(Map<String, Object> o) {
        String key = (String) o.get("key");
        String capability = (String) o.get("capability");
        int attempts = ((Number) o.get("attempts")).intValue();
        OutboundConnector connector = connectors.get(capability);
        if (connector == null) {
            store.unclaim(key, "waits for a connector that offers '" + capability + "'",
                    clock.millis() + NO_CONNECTOR_RETRY_MS);
            return;
        }
        Map<String, Object> payload = Json.readObject((String) o.get("payload"));
        PolicySubject subject = new PolicySubject(PolicySubject.Kind.OUTBOUND_EFFECT, (String) o.get("flowId"),
                (String) o.get("stepId"), capability, payload, BigDecimal.ZERO, null, connector.descriptor().id(), null);
        if (!Boolean.TRUE.equals(o.get("released"))) {
            for (PolicyJudge judge : judges) {
                PolicyRuling ruling = judge.judge(subject);
                if (ruling.verdict() == Verdict.DENY) {
                    store.settle(key, "DENIED", "denied by policy " + ruling.reason(), clock.millis());
                    return;
                }
                if (ruling.verdict() == Verdict.REQUIRE_APPROVAL) {
                    store.settle(key, "HELD", "held for the operator by policy " + ruling.reason(), clock.millis());
                    return;
                }
                payload = ruling.payload();
            }
        }
        try {
            EffectReceipt receipt = connector.deliver(new Effect(capability, payload, new IdempotencyKey(key)));
            store.delivered(key, receipt.at().toEpochMilli(), receipt.externalId(), Json.write(receipt.details()),
                    Json.write(payload));
            delivered.incrementAndGet();
            judges.forEach(j -> j.settle(subject, true, BigDecimal.ZERO));
        } catch (Exception e) {
            failedAttempts.incrementAndGet();
            boolean permanent = e instanceof PermanentStepFailure || e instanceof IllegalArgumentException;
            String reason = connector.descriptor().id() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage());
            if (permanent || attempts >= maxAttempts) {
                store.settle(key, "FAILED", reason, clock.millis());
                LOG.warn("Outbound effect {} failed for good after {} attempt(s): {}", key, attempts, e.getClass().getName());
            } else {
                store.settle(key, "PENDING", reason, clock.millis() + backoff(attempts));
            }
        }
    }

    /** 1 s after the first failure, doubling, at most {@code outbox.backoff.max.seconds}. */
    long backoff(int attempts) {
        return Math.min(maxBackoffMs, 1000L << Math.min(20, attempts - 1));
    }

    @Override
    public List<OutboxEntry> list(String status, int limit) {
        if (limit < 1 || limit > MAX_LIST) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIST + ", was " + limit);
        }
        return store.list(status, limit);
    }

    /** What a rollback of the flow does to each of its effects ({@link OutboxPreview}), latest first. */
    @Override
    public List<EffectUndo> rollbackPreview(String flowId) {
        return store.ofFlow(flowId).stream().flatMap(e -> OutboxPreview.of(e, connectors::get).stream()).toList();
    }

    @Override
    public Optional<OutboxEntry> find(String key) {
        return store.find(key);
    }

    @Override
    public OutboxEntry retry(String key, String actor) {
        boolean undoing = store.find(key).map(e -> e.status().equals("COMPENSATION_FAILED")).orElse(false);
        OutboxEntry entry = undoing ? change(key, List.of("COMPENSATION_FAILED"), "COMPENSATING", "undone again by " + actor, true)
                : change(key, List.of("FAILED", "DENIED", "HELD"), "PENDING", "sent again by " + actor, true);
        poller.execute(this::deliverDue);
        return entry;
    }

    @Override
    public OutboxEntry cancel(String key, String actor) {
        return change(key, List.of("PENDING", "HELD", "FAILED", "DENIED"), "CANCELLED", "cancelled by " + actor, false);
    }

    private OutboxEntry change(String key, List<String> from, String to, String note, boolean released) {
        OutboxEntry before = store.find(key).orElseThrow(() -> new NoSuchElementException("no outbound effect '" + key + "'"));
        OutboxEntry after = store.operator(key, from, to, clock.millis(), note, released)
                .orElseThrow(() -> new IllegalStateException("outbound effect '" + key + "' is " + before.status()
                        + "; only " + String.join(", ", from) + " can become " + to));
        LOG.info("Outbound effect {}: {} → {} ({})", key, before.status(), to, note);
        return after;
    }

    @Override
    public Health health() {
        Map<String, String> details = new LinkedHashMap<>();
        try {
            Map<String, long[]> counts = store.counts(List.of("PENDING", "DELIVERING", "HELD", "FAILED", "DENIED",
                    "COMPENSATING", "UNDOING", "COMPENSATION_FAILED"));
            counts.forEach((status, c) -> details.put(status.toLowerCase(java.util.Locale.ROOT), Long.toString(c[0])));
            long[] pending = counts.get("PENDING");
            if (pending != null) {
                details.put("oldest pending", Duration.ofMillis(clock.millis() - pending[1]).toSeconds() + " s");
            }
        } catch (RuntimeException e) {
            return Health.degraded("outbox", "cannot read the outbox: " + e.getMessage(), details);
        }
        details.put("delivered since start", Long.toString(delivered.get()));
        details.put("failed attempts since start", Long.toString(failedAttempts.get()));
        details.put("connectors", String.join(",", new java.util.TreeSet<>(connectors.keySet())));
        long stuck = Long.parseLong(details.getOrDefault("failed", "0")) + Long.parseLong(details.getOrDefault("held", "0"))
                + Long.parseLong(details.getOrDefault("compensation_failed", "0"));
        if (!lastProblem.isEmpty()) {
            return Health.degraded("outbox", lastProblem, details);
        }
        return stuck > 0 ? Health.degraded("outbox", stuck + " effect(s) wait for the operator", details)
                : Health.up("outbox", "delivering", details);
    }
}
