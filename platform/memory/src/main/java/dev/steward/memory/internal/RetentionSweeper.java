package dev.steward.memory.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;

/**
 * Enforces retention: on a schedule, deletes the episodes whose {@code retainUntil} label (set at write time by a
 * retention policy, or by the writer) has passed, in batches, and audits each run as a {@code (:RetentionRun)}
 * with when, how many and of which kinds, never their content. The entities and facts they mentioned stay. Each
 * scheduled run also retracts the facts of flows the journal shows rolled back that still hold any (the kernel's
 * notice of that rollback was lost, in a crash between the rollback's end and the notice).
 */
@Component(service = RetentionSweeper.class, immediate = true, configurationPid = "dev.steward.memory.retention")
@Designate(ocd = RetentionSweeper.Config.class)
public final class RetentionSweeper {

    /** Settings, from {@code etc/dev.steward.memory.retention.cfg}. */
    @ObjectClassDefinition(name = "Steward memory retention", description = "Deletes memory past its retention")
    public @interface Config {
        @AttributeDefinition(description = "Minutes between two sweeps; the first runs a minute after start")
        long interval_minutes() default 60;

        @AttributeDefinition(description = "Most episodes deleted in one transaction")
        int batch() default 1000;
    }

    /** What one sweep did. */
    public record Run(String id, Instant at, long deleted, Map<String, Long> byKind) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweeper.class);
    private static final String SWEEP = "MATCH (e:Episode) WHERE e.`meta.retainUntil` IS NOT NULL "
            + "AND datetime(e.`meta.retainUntil`) <= datetime($now) WITH e LIMIT $batch "
            + "WITH e, e.kind AS kind DETACH DELETE e RETURN kind, count(*) AS n";
    private static final String AUDIT = "CREATE (r:RetentionRun {id: $id, at: $at, deleted: $deleted, kinds: $kinds})";

    private final GraphStore store;
    private final Clock clock;
    private final int batch;
    private final FactLedger facts;
    private final ScheduledExecutorService scheduler;

    @Activate
    public RetentionSweeper(@Reference GraphStore store, Config config) {
        this(store, Clock.systemUTC(), config.batch());
        scheduler.scheduleWithFixedDelay(this::sweepLogged, 1, Math.max(1, config.interval_minutes()), TimeUnit.MINUTES);
    }

    RetentionSweeper(GraphStore store, Clock clock, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("invalid configuration in etc/dev.steward.memory.retention.cfg: batch '"
                    + batch + "' must be at least 1");
        }
        this.store = store;
        this.clock = clock;
        this.batch = batch;
        this.facts = new FactLedger(store, clock);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "steward-memory-retention");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }

    /** Sweeps now: deletes everything past its retention, batch by batch, and audits the run (also when it found nothing). */
    public Run sweep() {
        Instant now = clock.instant();
        Map<String, Long> byKind = new LinkedHashMap<>();
        long deleted = 0;
        long round;
        do {
            round = 0;
            for (Map<String, Object> r : store.write(new Statement(SWEEP, Map.of("now", now.toString(), "batch", batch)))) {
                long n = ((Number) r.get("n")).longValue();
                byKind.merge(String.valueOf(r.get("kind")), n, Long::sum);
                round += n;
            }
            deleted += round;
        } while (round == batch);
        String id = UUID.randomUUID().toString();
        List<String> kinds = byKind.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        store.write(new Statement(AUDIT, Map.of("id", id, "at", now.toString(), "deleted", deleted, "kinds", kinds)));
        if (deleted > 0) {
            LOG.info("Memory retention: {} episodes past their retention deleted ({})", deleted, kinds);
        }
        return new Run(id, now, deleted, byKind);
    }

    private void sweepLogged() {
        try {
            int flows = facts.retractRolledBack();
            if (flows > 0) {
                LOG.info("Facts of {} rolled-back flow(s) retracted (their rollback notice was lost, in a crash say)", flows);
            }
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("Memory retention sweep failed, tried again at the next interval: {}", e.toString());
        }
    }
}
