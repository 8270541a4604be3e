package dev.steward.memory.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.steward.api.memory.Episode;
import dev.steward.api.memory.KnowledgeBank;
import dev.steward.api.memory.Provenance;
import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;

/** Stores episodes and links them to the entities they mention; nothing is written when a mention is unknown. */
final class EpisodeLog {

    private static final String RECORD = """
            OPTIONAL MATCH (m:Entity) WHERE m.id IN $mentions
            WITH collect(DISTINCT m) AS mentioned
            WHERE size(mentioned) = size($mentions)
            CREATE (ep:Episode)
            SET ep = $props
            SET ep += $metadata
            FOREACH (m IN mentioned | CREATE (ep)-[:MENTIONS]->(m))
            WITH ep
            CALL {
                WITH ep
                WITH ep WHERE $vector IS NOT NULL
                CALL db.create.setNodeVectorProperty(ep, 'embedding', $vector)
            }
            RETURN ep {.*, embedding: null} AS episode
            """;

    private final GraphStore store;
    private final Clock clock;

    EpisodeLog(GraphStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    Episode record(String kind, String text, Instant occurredAt, Map<String, String> metadata, Provenance provenance,
            List<String> mentionedEntityIds) {
        return record(kind, text, occurredAt, metadata, provenance, mentionedEntityIds, List.of(), null);
    }

    /**
     * Records an episode, keeping the policy decisions that let it through on its node, and its embedding when
     * one was made (else it is marked {@code embedPending} for the backfill).
     */
    Episode record(String kind, String text, Instant occurredAt, Map<String, String> metadata, Provenance provenance,
            List<String> mentionedEntityIds, List<String> decisions, Embedder embedder) {
        Input.type("Episode kind", kind);
        Input.text("Episode text", text, KnowledgeBank.MAX_EPISODE_TEXT);
        Objects.requireNonNull(occurredAt, "Episode occurredAt must be given");
        Map<String, String> labels = Input.labels("Episode metadata", metadata);
        if (provenance == null) {
            throw new IllegalArgumentException("Episode provenance must be given");
        }
        List<String> mentions = Input.ids("Mentioned entity id", mentionedEntityIds);

        Map<String, Object> props = Props.provenance(provenance);
        props.put("id", UUID.randomUUID().toString());
        props.put("kind", kind);
        props.put("text", text);
        props.put("occurredAt", occurredAt.toEpochMilli());
        props.put("recordedAt", clock.millis());
        if (!decisions.isEmpty()) {
            props.put("policyDecisions", decisions);
        }
        Optional<Embedder.Vector> vector = embedder == null ? Optional.empty()
                : embedder.embed(text, Embedder.sensitive(labels));
        vector.ifPresentOrElse(v -> props.put("embeddingModel", v.model()), () -> props.put("embedPending", true));
        Map<String, Object> params = new HashMap<>();
        params.put("vector", vector.map(v -> floats(v.values())).orElse(null));
        params.put("mentions", mentions);
        params.put("props", props);
        params.put("metadata", Props.prefixed(Props.META, labels));

        List<Map<String, Object>> rows = store.write(new Statement(RECORD, params));
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("Unknown mentioned entity ids " + missing(mentions));
        }
        return Props.episode(FactLedger.column(rows.get(0), "episode"));
    }

    /** The vector as the driver sends it: a list of floats. */
    static List<Double> floats(float[] v) {
        List<Double> out = new java.util.ArrayList<>(v.length);
        for (float x : v) {
            out.add((double) x);
        }
        return out;
    }

    private List<String> missing(List<String> ids) {
        List<Object> found = store.read(new Statement("MATCH (e:Entity) WHERE e.id IN $ids RETURN e.id AS id",
                Map.of("ids", ids))).stream().map(r -> r.get("id")).toList();
        return ids.stream().filter(i -> !found.contains(i)).toList();
    }
}
