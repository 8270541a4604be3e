package dev.steward.memory.internal;

/**
 * The Cypher of the knowledge bank's search, parameterised only: the ranked lists (episodes by words and by meaning,
 * entities by name) and the facts of the hits' entities.
 */
final class SearchStatements {

    private SearchStatements() {
    }

    /**
     * The filters both episode lists share (kinds or mentioned entity types, time window, exact metadata values: the
     * keys are validated labels, given already prefixed in the {@code $meta} map and read as {@code node[key]}, never
     * spliced), after a {@code WHERE} clause
     * that has begun, and the best {@code $fetch} of what passes, each with its mentioned entities. The hits name the
     * properties they return rather than copying all ({@code .*}), which would read each hit's 384-float vector too.
     */
    private static final String EPISODE_FILTERS_AND_HITS = """
              AND (size($types) = 0 OR node.kind IN $types
                   OR EXISTS { MATCH (node)-[:MENTIONS]->(t:Entity) WHERE t.type IN $types })
              AND ($from IS NULL OR node.occurredAt >= $from)
              AND ($to IS NULL OR node.occurredAt < $to)
              AND all(key IN keys($meta) WHERE node[key] = $meta[key])
            WITH node, score
            ORDER BY score DESC
            LIMIT $fetch
            OPTIONAL MATCH (node)-[:MENTIONS]->(e:Entity)
            WITH node, score, collect(properties(e)) AS entities
            RETURN node {.id, .kind, .text, .occurredAt, .provSourceType, .provSourceId, .provFlowInstanceId,
                         .provStepId, metadata: [key IN keys(node) WHERE key STARTS WITH $metaPrefix | [key, node[key]]]}
                   AS item, score, node.occurredAt AS at, entities
            ORDER BY score DESC
            """;

    /**
     * The fulltext index yields hits best first; the filters apply after it, so a filtered query scans up to
     * {@value KnowledgeSearch#FILTERED_SCAN} hits to find {@code $fetch} that pass.
     */
    static final String EPISODES = """
            CALL db.index.fulltext.queryNodes($index, $query, {limit: $scan}) YIELD node, score
            WHERE true
            """ + EPISODE_FILTERS_AND_HITS;

    /**
     * The same filters over the vector index's nearest neighbours, of the query's model only. The index is approximate
     * (quantized): its candidates are re-scored exactly, so the order and the floor do not depend on its rounding.
     */
    static final String NEAREST = """
            CALL db.index.vector.queryNodes($index, $k, $vector) YIELD node
            WITH node, vector.similarity.cosine(node.embedding, $vector) AS score
            WHERE score >= $minScore AND node.embeddingModel = $model
            """ + EPISODE_FILTERS_AND_HITS;

    /**
     * With a metadata filter, when the index's candidates held fewer than {@code $fetch} that pass: every episode of the
     * filter (and the query's model) scored exactly, so that a selective filter (one conversation among many) misses
     * nothing by meaning. A scan of the episodes, paid only by such queries.
     */
    static final String NEAREST_IN_FILTER = """
            MATCH (node:Episode)
            WHERE all(key IN keys($meta) WHERE node[key] = $meta[key]) AND node.embeddingModel = $model
            WITH node, vector.similarity.cosine(node.embedding, $vector) AS score
            WHERE score >= $minScore
            """ + EPISODE_FILTERS_AND_HITS;

    static final String ENTITIES = """
            CALL db.index.fulltext.queryNodes($index, $query, {limit: $scan}) YIELD node, score
            WHERE size($types) = 0 OR node.type IN $types
            WITH node, score
            ORDER BY score DESC
            LIMIT $fetch
            RETURN properties(node) AS item, score, node.createdAt AS at, [properties(node)] AS entities
            ORDER BY score DESC
            """;

    static final String FACTS = """
            MATCH (e:Entity)<-[:ABOUT]-(f:Fact)
            WHERE e.id IN $ids AND f.retractedAt IS NULL AND f.validFrom <= $now
              AND (f.validTo IS NULL OR f.validTo > $now)
            OPTIONAL MATCH (f)-[:OBJECT]->(o:Entity)
            RETURN properties(f) AS fact, properties(o) AS object
            ORDER BY f.predicate, f.validFrom
            """;
}
