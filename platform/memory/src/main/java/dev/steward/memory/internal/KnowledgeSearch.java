package dev.steward.memory.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.steward.api.memory.Entity;
import dev.steward.api.memory.Fact;
import dev.steward.api.memory.KnowledgeHit;
import dev.steward.api.memory.KnowledgeQuery;
import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;

/**
 * Fulltext search over episode texts and entity names, each hit expanded to its linked entities (those an episode
 * mentions; an entity and the entities its facts point to) and their current facts. Each index's scores are scaled
 * to its best hit, then nudged by recency (at most {@value #RECENCY_WEIGHT} of the score, halving every
 * {@value #RECENCY_HALF_LIFE_DAYS} days), so recency breaks near-ties rather than outranking relevance. A time window
 * keeps the episodes that occurred in it, and no entity.
 */
final class KnowledgeSearch {

    static final double RECENCY_WEIGHT = 0.05;
    static final int RECENCY_HALF_LIFE_DAYS = 30;
    static final int MAX_LIMIT = 100;
    static final int FILTERED_SCAN = 10_000;
    private static final int MAX_QUERY = 1_000;

    /**
     * The fulltext index yields hits best first; the filters apply after it, so a filtered query scans up to
     * {@value #FILTERED_SCAN} hits to find {@code $fetch} that pass.
     */
    private static final String EPISODES = """
            CALL db.index.fulltext.queryNodes($index, $query, {limit: $scan}) YIELD node, score
            WHERE (size($types) = 0 OR node.kind IN $types
                   OR EXISTS { MATCH (node)-[:MENTIONS]->(t:Entity) WHERE t.type IN $types })
              AND ($from IS NULL OR node.occurredAt >= $from)
              AND ($to IS NULL OR node.occurredAt < $to)
            WITH node, score
            ORDER BY score DESC
            LIMIT $fetch
            OPTIONAL MATCH (node)-[:MENTIONS]->(e:Entity)
            WITH node, score, collect(properties(e)) AS entities
            RETURN properties(node) AS item, score, node.occurredAt AS at, entities
            ORDER BY score DESC
            """;

    private static final String ENTITIES = """
            CALL db.index.fulltext.queryNodes($index, $query, {limit: $scan}) YIELD node, score
            WHERE size($types) = 0 OR node.type IN $types
            WITH node, score
            ORDER BY score DESC
            LIMIT $fetch
            RETURN properties(node) AS item, score, node.createdAt AS at, [properties(node)] AS entities
            ORDER BY score DESC
            """;

    private static final String FACTS = """
            MATCH (e:Entity)<-[:ABOUT]-(f:Fact)
            WHERE e.id IN $ids AND f.retractedAt IS NULL AND f.validFrom <= $now
              AND (f.validTo IS NULL OR f.validTo > $now)
            OPTIONAL MATCH (f)-[:OBJECT]->(o:Entity)
            RETURN properties(f) AS fact, properties(o) AS object
            ORDER BY f.predicate, f.validFrom
            """;

    private final GraphStore store;
    private final Clock clock;

    KnowledgeSearch(GraphStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    List<KnowledgeHit> search(KnowledgeQuery q) {
        if (q == null) {
            throw new IllegalArgumentException("Search query must be given");
        }
        String query = LuceneQuery.of(Input.text("Search text", q.text(), MAX_QUERY));
        int limit = limit(q.limit());
        List<String> kept = q.types().stream().map(t -> Input.type("Search type", t)).sorted().toList();
        Map<String, Object> params = new HashMap<>();
        params.put("query", query);
        params.put("fetch", limit * 2);
        params.put("scan", kept.isEmpty() && !q.windowed() ? limit * 2 : FILTERED_SCAN);
        params.put("types", kept);
        params.put("from", q.from() == null ? null : q.from().toEpochMilli());
        params.put("to", q.to() == null ? null : q.to().toEpochMilli());
        Instant now = clock.instant();
        List<Found> found = new ArrayList<>();
        found.addAll(query(EPISODES, KnowledgeSchema.EPISODE_TEXT_INDEX, KnowledgeHit.Source.EPISODE, params, now));
        if (!q.windowed()) {
            // entities have no time of occurrence: a time window keeps episodes only
            found.addAll(query(ENTITIES, KnowledgeSchema.ENTITY_NAMES_INDEX, KnowledgeHit.Source.ENTITY, params, now));
        }
        List<Found> best = found.stream()
                .sorted(Comparator.comparingDouble(Found::rank).reversed().thenComparing(Found::at, Comparator.reverseOrder()))
                .limit(limit).toList();
        return expand(best, now);
    }

    static int limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("Search limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        return limit;
    }

    private List<Found> query(String cypher, String index, KnowledgeHit.Source source, Map<String, Object> common,
            Instant now) {
        Map<String, Object> params = new HashMap<>(common);
        params.put("index", index);
        List<Map<String, Object>> rows = store.read(new Statement(cypher, params));
        double top = rows.stream().mapToDouble(r -> ((Number) r.get("score")).doubleValue()).max().orElse(1);
        List<Found> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            Instant at = Props.time(r, "at");
            double relevance = ((Number) r.get("score")).doubleValue() / top;
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> entities = (List<Map<String, Object>>) r.get("entities");
            out.add(new Found(source, FactLedger.column(r, "item"), relevance * (1 + RECENCY_WEIGHT * recency(at, now)), at,
                    entities.stream().map(Props::entity).toList()));
        }
        return out;
    }

    private List<KnowledgeHit> expand(List<Found> best, Instant now) {
        Set<String> ids = new LinkedHashSet<>();
        best.forEach(f -> f.entities().forEach(e -> ids.add(e.id())));
        Map<String, List<Fact>> factsBySubject = new HashMap<>();
        Map<String, Entity> objects = new HashMap<>();
        if (!ids.isEmpty()) {
            for (Map<String, Object> r : store.read(new Statement(FACTS,
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

    /** One index hit before expansion. */
    private record Found(KnowledgeHit.Source source, Map<String, Object> item, double rank, Instant at,
            List<Entity> entities) {

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
