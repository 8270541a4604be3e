package dev.steward.memory.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import dev.steward.api.memory.Entity;
import dev.steward.api.memory.Fact;
import dev.steward.api.memory.KnowledgeHit;
import dev.steward.api.memory.KnowledgeQuery;
import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;

/**
 * Hybrid search: episodes by meaning (the vector index, over-fetched then cut, because the approximate index alone
 * recalls poorly at small k) and by words (the fulltext index), entities by name (fulltext), the ranked lists merged
 * by reciprocal rank fusion, each hit nudged by recency (at most {@value #RECENCY_WEIGHT} of its score, halving every
 * {@value #RECENCY_HALF_LIFE_DAYS} days) and expanded to its linked entities (those an episode mentions; an entity and
 * the entities its facts point to) and their current facts. Without an embedding backend the vector list is simply
 * absent (fulltext only). A time window keeps the episodes that occurred in it, a metadata filter those stored with
 * the given values; either keeps no entity. The lists by words run on the given executor while the calling thread
 * embeds the query and asks the vector index.
 */
final class KnowledgeSearch {

    /** Which ranked lists a search merges; {@link #HYBRID} in production, the others to measure it. */
    enum Mode { HYBRID, VECTOR, FULLTEXT }

    static final double RECENCY_WEIGHT = 0.05;
    static final int RECENCY_HALF_LIFE_DAYS = 30;
    static final int MAX_LIMIT = 100;
    static final int FILTERED_SCAN = 10_000;
    /** With a metadata filter, when {@value #FILTERED_SCAN} hits by words held too few that pass: this many. */
    static final int METADATA_SCAN = 100_000;
    /** Reciprocal rank fusion constant: a hit at rank r of a list adds 1/(60 + r). */
    static final int RRF_K = 60;
    /**
     * The vector index is asked for this many times the hits wanted, at least {@value #VECTOR_MIN_K}: measured at
     * 100,000 episodes, limit 10, recall@10 against exact search 0.873 for k = 10, 0.991 for 20, 0.995 for 30, 0.996
     * for 40 to 100, while the vector list's p95 went from 37.5 ms (k = 100) to 24.6 ms (k = 40); docs/benchmarks.md.
     */
    static final int VECTOR_OVERFETCH = 4;
    static final int VECTOR_MIN_K = 40;
    /** With filters, the vector index is asked for this many candidates, the filters applied after. */
    static final int VECTOR_FILTERED_K = 1_000;
    /** Neo4j's cosine score is (1 + cos) / 2: below this, a vector neighbour is unrelated rather than similar. */
    static final double VECTOR_MIN_SCORE = 0.575;
    private static final int MAX_QUERY = 1_000;
    private static final String METADATA = "metadata";

    private final GraphStore store;
    private final Clock clock;
    private final Embedder embedder;
    private final Executor lists;
    private volatile int vectorMinK = VECTOR_MIN_K;
    private volatile int vectorOverfetch = VECTOR_OVERFETCH;

    KnowledgeSearch(GraphStore store, Clock clock, Embedder embedder) {
        this(store, clock, embedder, Runnable::run);
    }

    /**
     * A search that runs the lists by words on {@code lists} while the calling thread embeds the query and asks the
     * vector index, each list in its own read transaction.
     */
    KnowledgeSearch(GraphStore store, Clock clock, Embedder embedder, Executor lists) {
        this.store = store;
        this.clock = clock;
        this.embedder = embedder;
        this.lists = lists;
    }

    /**
     * Asks the vector index for {@code max(minK, overfetch × limit)} candidates when unfiltered (the benchmark measures
     * recall and latency by it).
     */
    void vectorCandidates(int minK, int overfetch) {
        this.vectorMinK = minK;
        this.vectorOverfetch = overfetch;
    }

    List<KnowledgeHit> search(KnowledgeQuery q) {
        return search(q, Mode.HYBRID);
    }

    List<KnowledgeHit> search(KnowledgeQuery q, Mode mode) {
        if (q == null) {
            throw new IllegalArgumentException("Search query must be given");
        }
        String text = Input.text("Search text", q.text(), MAX_QUERY);
        String query = LuceneQuery.of(text);
        int limit = limit(q.limit());
        List<String> kept = q.types().stream().map(t -> Input.type("Search type", t)).sorted().toList();
        Map<String, String> meta = Input.labels("Search metadata", q.metadata());
        boolean filtered = !kept.isEmpty() || q.windowed() || !meta.isEmpty();
        Map<String, Object> params = new HashMap<>();
        params.put("query", query);
        params.put("fetch", limit * 2);
        params.put("scan", filtered ? FILTERED_SCAN : limit * 2);
        params.put("types", kept);
        params.put("from", q.from() == null ? null : q.from().toEpochMilli());
        params.put("to", q.to() == null ? null : q.to().toEpochMilli());
        params.put("meta", Props.prefixed(Props.META, meta)); // the property names, as they are written
        params.put("metaPrefix", Props.META);
        Instant now = clock.instant();
        List<CompletableFuture<List<Found>>> byWords = new ArrayList<>();
        if (mode != Mode.VECTOR) {
            byWords.add(CompletableFuture.supplyAsync(() -> byWords(params, !meta.isEmpty(), limit), lists));
            if (!q.windowed() && meta.isEmpty()) {
                // entities have no time of occurrence nor episode metadata: a window or a metadata filter keeps episodes
                byWords.add(async(SearchStatements.ENTITIES, KnowledgeSchema.ENTITY_NAMES_INDEX,
                        KnowledgeHit.Source.ENTITY, params));
            }
        }
        List<List<Found>> ranked = new ArrayList<>();
        try {
            if (mode != Mode.FULLTEXT) {
                // meanwhile: embedding the query and the vector index, in this thread
                embedder.embed(text).ifPresent(v -> ranked.add(byMeaning(v, params, filtered, !meta.isEmpty(), limit)));
            }
            for (CompletableFuture<List<Found>> list : byWords) {
                ranked.add(list.join());
            }
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } finally {
            byWords.forEach(f -> f.cancel(false));
        }
        List<Found> best = RankFusion.fuse(ranked, RRF_K, f -> f.rank() * (1 + RECENCY_WEIGHT * recency(f.at(), now)))
                .stream().limit(limit).toList();
        return expand(best, now);
    }

    /**
     * Episodes by meaning: the index's candidates re-scored exactly; with a metadata filter, every episode that has the
     * metadata when the candidates held too few that pass.
     */
    private List<Found> byMeaning(Embedder.Vector v, Map<String, Object> params, boolean filtered,
            boolean metadataFilter, int limit) {
        Map<String, Object> p = new HashMap<>(params);
        p.put("vector", EpisodeLog.floats(v.values()));
        p.put("model", v.model());
        p.put("k", filtered ? VECTOR_FILTERED_K : Math.max(vectorMinK, limit * vectorOverfetch));
        p.put("minScore", VECTOR_MIN_SCORE);
        List<Found> nearest = query(SearchStatements.NEAREST, KnowledgeSchema.EPISODE_EMBEDDING_INDEX,
                KnowledgeHit.Source.EPISODE, p);
        if (!metadataFilter || nearest.size() >= limit * 2) {
            return nearest;
        }
        return query(SearchStatements.NEAREST_IN_FILTER, KnowledgeSchema.EPISODE_EMBEDDING_INDEX,
                KnowledgeHit.Source.EPISODE, p);
    }

    /** Episodes by words; with a metadata filter, scanned further when the first scan held too few that pass. */
    private List<Found> byWords(Map<String, Object> params, boolean metadataFilter, int limit) {
        List<Found> found = query(SearchStatements.EPISODES, KnowledgeSchema.EPISODE_TEXT_INDEX,
                KnowledgeHit.Source.EPISODE, params);
        if (!metadataFilter || found.size() >= limit * 2) {
            return found;
        }
        Map<String, Object> further = new HashMap<>(params);
        further.put("scan", METADATA_SCAN);
        return query(SearchStatements.EPISODES, KnowledgeSchema.EPISODE_TEXT_INDEX, KnowledgeHit.Source.EPISODE,
                further);
    }

    private CompletableFuture<List<Found>> async(String cypher, String index, KnowledgeHit.Source source,
            Map<String, Object> params) {
        return CompletableFuture.supplyAsync(() -> query(cypher, index, source, params), lists);
    }

    static int limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("Search limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        return limit;
    }

    /** One ranked list: the rows best first, each with its index score. */
    private List<Found> query(String cypher, String index, KnowledgeHit.Source source, Map<String, Object> common) {
        Map<String, Object> params = new HashMap<>(common);
        params.put("index", index);
        List<Found> out = new ArrayList<>();
        for (Map<String, Object> r : store.read(new Statement(cypher, params))) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> entities = (List<Map<String, Object>>) r.get("entities");
            out.add(new Found(source, item(FactLedger.column(r, "item")), ((Number) r.get("score")).doubleValue(),
                    Props.time(r, "at"), entities.stream().map(Props::entity).toList()));
        }
        return out;
    }

    /** An episode's metadata come as {@code [key, value]} pairs (prefixed keys): laid into the item as stored. */
    private static Map<String, Object> item(Map<String, Object> item) {
        if (!(item.get(METADATA) instanceof List<?> pairs)) {
            return item;
        }
        Map<String, Object> flat = new HashMap<>(item);
        flat.remove(METADATA);
        for (Object pair : pairs) {
            List<?> kv = (List<?>) pair;
            flat.put((String) kv.get(0), kv.get(1));
        }
        return flat;
    }

    private List<KnowledgeHit> expand(List<Found> best, Instant now) {
        Set<String> ids = new LinkedHashSet<>();
        best.forEach(f -> f.entities().forEach(e -> ids.add(e.id())));
        Map<String, List<Fact>> factsBySubject = new HashMap<>();
        Map<String, Entity> objects = new HashMap<>();
        if (!ids.isEmpty()) {
            for (Map<String, Object> r : store.read(new Statement(SearchStatements.FACTS,
                    Map.of("ids", List.copyOf(ids), "now", now.toEpochMilli())))) {
                Fact fact = Props.fact(FactLedger.column(r, "fact"));
                factsBySubject.computeIfAbsent(fact.subjectId(), k -> new ArrayList<>()).add(fact);
                if (r.get("object") != null) {
                    objects.put(fact.objectId(), Props.entity(FactLedger.column(r, "object")));
                }
            }
        }
        return best.stream().map(f -> f.hit(factsBySubject, objects)).toList();
    }

    private static double recency(Instant at, Instant now) {
        double days = Math.max(0, Duration.between(at, now).toMillis() / 86_400_000.0);
        return Math.pow(0.5, days / RECENCY_HALF_LIFE_DAYS);
    }

    /** One index hit before expansion; {@code rank} is the index score in a list, the fused score after. */
    record Found(KnowledgeHit.Source source, Map<String, Object> item, double rank, Instant at,
            List<Entity> entities) {

        String id() {
            return (String) item.get("id");
        }

        Found ranked(double score) {
            return new Found(source, item, score, at, entities);
        }

        KnowledgeHit hit(Map<String, List<Fact>> factsBySubject, Map<String, Entity> objects) {
            List<Entity> linked = new ArrayList<>(entities);
            List<Fact> facts = new ArrayList<>();
            entities.forEach(e -> facts.addAll(factsBySubject.getOrDefault(e.id(), List.of())));
            if (source == KnowledgeHit.Source.ENTITY) {
                facts.stream().map(Fact::objectId).filter(objects::containsKey).distinct()
                        .forEach(id -> linked.add(objects.get(id)));
            }
            Set<String> citations = new LinkedHashSet<>();
            citations.add((String) item.get("id"));
            linked.forEach(e -> citations.add(e.id()));
            facts.forEach(f -> citations.add(f.id()));
            if (source == KnowledgeHit.Source.EPISODE) {
                var episode = Props.episode(item);
                return new KnowledgeHit(source, episode.id(), episode.kind(), episode.text(), rank, at,
                        episode.metadata(), linked, facts, List.copyOf(citations));
            }
            Entity entity = Props.entity(item);
            return new KnowledgeHit(source, entity.id(), entity.type(), entity.name(), rank, at, entity.attributes(),
                    linked, facts, List.copyOf(citations));
        }
    }
}
