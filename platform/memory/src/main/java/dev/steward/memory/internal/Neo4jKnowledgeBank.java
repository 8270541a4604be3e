package dev.steward.memory.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.memory.Entity;
import dev.steward.api.memory.EntityView;
import dev.steward.api.memory.Episode;
import dev.steward.api.memory.Fact;
import dev.steward.api.memory.FactAssertion;
import dev.steward.api.memory.KnowledgeBank;
import dev.steward.api.memory.KnowledgeHit;
import dev.steward.api.memory.KnowledgeQuery;
import dev.steward.api.memory.Provenance;
import dev.steward.api.policy.PolicyJudge;
import dev.steward.spi.flow.FlowListener;
import dev.steward.spi.model.ModelBackend;
import dev.steward.spi.store.GraphStore;

/** The knowledge bank on the platform's graph store; each operation is one transaction (see docs/memory.md). */
@Component(service = {KnowledgeBank.class, FlowListener.class})
public final class Neo4jKnowledgeBank implements KnowledgeBank, FlowListener {

    private static final Logger LOG = LoggerFactory.getLogger(Neo4jKnowledgeBank.class);

    private final EntityResolver entities;
    private final FactLedger facts;
    private final EpisodeLog episodes;
    private final KnowledgeSearch search;
    private final SubjectEraser eraser;
    private final EntityReader reader;
    private final MemoryGate gate;

    /** The kernel's policy judge: every write is judged by the policies when it is there. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PolicyJudge judge;

    /** The embedding backend: episodes are embedded and searched by meaning when it is there. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(embeddings=true)")
    private volatile ModelBackend embeddings;

    private final Embedder embedder;
    private final ThreadPoolExecutor searchThreads;

    /**
     * Creates the knowledge bank on the platform's store.
     *
     * @param store the graph store
     */
    @Activate
    public Neo4jKnowledgeBank(@Reference GraphStore store) {
        this(store, Clock.systemUTC());
    }

    Neo4jKnowledgeBank(GraphStore store, Clock clock) {
        this.entities = new EntityResolver(store, clock);
        this.facts = new FactLedger(store, clock);
        this.episodes = new EpisodeLog(store, clock);
        this.embedder = new Embedder(() -> embeddings);
        this.searchThreads = searchThreads();
        this.search = new KnowledgeSearch(store, clock, embedder, searchThreads);
        this.eraser = new SubjectEraser(store, clock);
        this.reader = new EntityReader(store, clock);
        this.gate = new MemoryGate(() -> judge);
    }

    /**
     * The threads that run a search's lists by words while the caller embeds the query: two, created when first
     * needed and ended after a minute idle. When both are busy (or after deactivation) the caller runs the list
     * itself, one list after the other as without them, rather than waiting in line behind other searches.
     */
    private static ThreadPoolExecutor searchThreads() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "steward-memory-search-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, (list, busy) -> list.run());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Deactivate
    void deactivate() {
        searchThreads.shutdownNow();
    }

    /** Embeds with this backend (tests); {@code null} for none. */
    void embedWith(ModelBackend backend) {
        this.embeddings = backend;
    }

    /** The search (tests compare its modes). */
    KnowledgeSearch searcher() {
        return search;
    }

    /** Judges writes with this judge (tests); {@code null} for none. */
    void judgeWith(PolicyJudge policyJudge) {
        this.judge = policyJudge;
    }

    @Override
    public Entity resolveEntity(String type, String name, String email, Map<String, String> attributes, Provenance p) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", type);
        payload.put("name", name);
        payload.put("email", email);
        payload.put("source", p == null ? null : p.sourceType() + ":" + p.sourceId());
        gate.admit("memory.entity", payload, p);
        return entities.resolve(type, name, email, attributes, p);
    }

    @Override
    public Fact assertFact(FactAssertion a) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("subjectId", a.subjectId());
        payload.put("predicate", a.predicate());
        payload.put("objectId", a.objectId());
        payload.put("value", a.value());
        payload.put("confidence", a.confidence());
        payload.put("source", a.provenance() == null ? null : a.provenance().sourceType() + ":" + a.provenance().sourceId());
        MemoryGate.Admitted admitted = gate.admit("memory.fact", payload, a.provenance());
        FactAssertion governed = a.value() == null ? a : new FactAssertion(a.subjectId(), a.predicate(), a.objectId(),
                admitted.text("value", a.value()), a.singleValued(), a.confidence(), a.validFrom(), a.validTo(),
                a.provenance());
        return facts.assertFact(governed, MemoryGate.journaled(admitted.decisions()));
    }

    @Override
    public List<Fact> currentFacts(String entityId, Instant asOf) {
        return facts.current(entityId, asOf);
    }

    @Override
    public Episode recordEpisode(String kind, String text, Instant occurredAt, Map<String, String> metadata,
            Provenance p, List<String> mentionedEntityIds) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("kind", kind);
        payload.put("text", text);
        payload.put("occurredAt", occurredAt == null ? null : occurredAt.toString());
        payload.put("source", p == null ? null : p.sourceType() + ":" + p.sourceId());
        (metadata == null ? Map.<String, String>of() : metadata).forEach((k, v) -> payload.put("metadata." + k, v));
        MemoryGate.Admitted admitted = gate.admit("memory.episode", payload, p);
        Map<String, String> labels = admitted.metadata(metadata);
        retention(labels.get(RETAIN_UNTIL));
        return episodes.record(kind, admitted.text("text", text), occurredAt, labels, p,
                mentionedEntityIds, MemoryGate.journaled(admitted.decisions()), embedder);
    }

    /** The label that sets until when an episode is kept; the retention sweep deletes it after that. */
    static final String RETAIN_UNTIL = "retainUntil";

    private static void retention(String until) {
        if (until == null) {
            return;
        }
        try {
            Instant.parse(until);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("Episode metadata " + RETAIN_UNTIL + " must be an ISO-8601 instant, was '"
                    + until + "'");
        }
    }

    @Override
    public List<KnowledgeHit> search(String text, Set<String> types, int limit) {
        return search.search(new KnowledgeQuery(text, types, null, null, KnowledgeSearch.limit(limit)));
    }

    @Override
    public List<KnowledgeHit> search(KnowledgeQuery query) {
        return search.search(query);
    }

    @Override
    public Optional<EntityView> entity(String entityId) {
        return reader.view(entityId);
    }

    /** A rolled-back flow's facts are retracted, and what they had superseded holds again. */
    @Override
    public void rolledBack(String flowId) {
        long n = facts.retractFlow(flowId, "rollback of flow " + flowId);
        if (n > 0) {
            LOG.info("Rollback of flow {}: {} fact(s) it asserted retracted", flowId, n);
        }
    }

    @Override
    public int forgetSubject(String entityId, String actor) {
        return eraser.forget(entityId, actor);
    }
}
