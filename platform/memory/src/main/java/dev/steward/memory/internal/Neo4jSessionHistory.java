package dev.steward.memory.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.memory.Provenance;
import dev.steward.api.memory.SessionHistory;
import dev.steward.api.memory.SessionUpkeep;
import dev.steward.api.memory.SessionView;
import dev.steward.api.memory.Turn;
import dev.steward.api.policy.PolicyJudge;
import dev.steward.spi.memory.Summarizer;
import dev.steward.spi.store.GraphStore;

/**
 * The session tier on the platform's graph store: turns appended in order through the memory-write policies,
 * summaries of the turns beyond the live window, retention of old turns on a schedule, and erasure of a session
 * (see docs/memory.md, "Session history").
 */
@Component(service = SessionHistory.class, immediate = true, configurationPid = Neo4jSessionHistory.PID)
@Designate(ocd = Neo4jSessionHistory.Config.class)
public final class Neo4jSessionHistory implements SessionHistory {

    static final String PID = "dev.steward.memory.sessions";

    /** Settings, from {@code etc/dev.steward.memory.sessions.cfg}. */
    @ObjectClassDefinition(name = "Steward session history", description = "Live window, retention and summaries of sessions")
    public @interface Config {
        @AttributeDefinition(description = "Live (unsummarized) turns kept per session; older ones are summarized")
        int window() default 50;

        @AttributeDefinition(description = "How long turns are kept after they occurred, ISO-8601 (P365D)")
        String turn_retention() default "P365D";

        @AttributeDefinition(description = "The longest summary, in characters")
        int summary_max_chars() default 2_000;

        @AttributeDefinition(description = "Who writes summaries: extractive (no model) or the id of another summarizer")
        String summarizer() default ExtractiveSummarizer.ID;

        @AttributeDefinition(description = "Time between two upkeep runs, ISO-8601 (PT1H); the first runs a minute after start")
        String upkeep_interval() default "PT1H";
    }

    private static final Logger LOG = LoggerFactory.getLogger(Neo4jSessionHistory.class);

    /** The kernel's policy judge: every append is judged by the policies when it is there. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PolicyJudge judge;

    private final List<Summarizer> summarizers = new CopyOnWriteArrayList<>();
    private final SessionSettings settings;
    private final SessionLog log;
    private final SessionUpkeeper upkeeper;
    private final SessionEraser eraser;
    private final MemoryGate gate;
    private volatile ScheduledExecutorService scheduler;

    /**
     * Creates the session history on the platform's store and schedules its upkeep.
     *
     * @param store the graph store
     * @param config the settings
     */
    @Activate
    public Neo4jSessionHistory(@Reference GraphStore store, Config config) {
        this(store, Clock.systemUTC(), SessionSettings.of(config));
        schedule();
    }

    Neo4jSessionHistory(GraphStore store, Clock clock, SessionSettings settings) {
        this.settings = settings;
        this.log = new SessionLog(store, clock);
        this.upkeeper = new SessionUpkeeper(store, clock, settings,
                new SummarizerChoice(settings.summarizer(), () -> summarizers));
        this.eraser = new SessionEraser(store, clock);
        this.gate = new MemoryGate(() -> judge);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSummarizer(Summarizer summarizer) {
        summarizers.add(summarizer);
    }

    void removeSummarizer(Summarizer summarizer) {
        summarizers.remove(summarizer);
    }

    /** Judges appends with this judge (tests); {@code null} for none. */
    void judgeWith(PolicyJudge policyJudge) {
        this.judge = policyJudge;
    }

    private void schedule() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "steward-session-upkeep");
            t.setDaemon(true);
            return t;
        });
        long every = settings.upkeepInterval().toMillis();
        s.scheduleWithFixedDelay(this::upkeepLogged, Math.min(every, 60_000), every, TimeUnit.MILLISECONDS);
        scheduler = s;
    }

    @Deactivate
    void deactivate() {
        ScheduledExecutorService s = scheduler;
        if (s != null) {
            s.shutdownNow();
        }
    }

    @Override
    public Turn append(String sessionId, String speaker, String text, Instant occurredAt, Map<String, String> metadata,
            Provenance p) {
        SessionLog.check(sessionId, speaker, text, occurredAt, metadata, p);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("sessionId", sessionId);
        payload.put("speaker", speaker);
        payload.put("text", text);
        payload.put("occurredAt", occurredAt.toString());
        payload.put("source", p.sourceType() + ":" + p.sourceId());
        (metadata == null ? Map.<String, String>of() : metadata).forEach((k, v) -> payload.put("metadata." + k, v));
        MemoryGate.Admitted admitted = gate.admit("memory.turn", payload, p);
        return log.append(sessionId, speaker, admitted.text("text", text), occurredAt, admitted.metadata(metadata), p,
                MemoryGate.journaled(admitted.decisions()));
    }

    @Override
    public Optional<SessionView> session(String sessionId, int recentTurns) {
        return log.view(sessionId, recentTurns);
    }

    @Override
    public SessionUpkeep upkeep(String actor) {
        return upkeeper.run(actor);
    }

    @Override
    public int forgetSession(String sessionId, String actor) {
        return eraser.forget(sessionId, actor);
    }

    private void upkeepLogged() {
        try {
            upkeeper.run("scheduler");
        } catch (RuntimeException e) {
            LOG.warn("Session upkeep failed, tried again at the next interval: {}", e.toString());
        }
    }
}
