package dev.steward.kernel.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

import dev.steward.api.flow.FlowDefinition;
import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;

/**
 * Keeps a copy of every definition version a flow was started on ({@code (:FlowDefinitionVersion {key, json})}),
 * so that a flow resumed after a restart, retried or rolled back finds its own version even when no provider
 * offers it any more (a YAML file moved on to a newer version, an updated bundle).
 */
final class DefinitionArchive {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(new SimpleModule("steward-durations")
                    .addSerializer(Duration.class, new JsonSerializer<Duration>() {
                        @Override
                        public void serialize(Duration value, JsonGenerator gen, SerializerProvider p) throws IOException {
                            gen.writeString(value.toString());
                        }
                    })
                    .addDeserializer(Duration.class, new JsonDeserializer<Duration>() {
                        @Override
                        public Duration deserialize(JsonParser parser, DeserializationContext c) throws IOException {
                            return Duration.parse(parser.getValueAsString());
                        }
                    }));

    private final GraphStore store;
    private final Set<String> kept = ConcurrentHashMap.newKeySet();

    DefinitionArchive(GraphStore store) {
        this.store = store;
    }

    private static String key(String id, int version) {
        return id + "@" + version;
    }

    /** Stores the definition once per version (and once per run of this node); throws when the store refuses. */
    void keep(FlowDefinition definition) {
        String key = key(definition.id(), definition.version());
        if (kept.contains(key)) {
            return;
        }
        String json;
        try {
            json = MAPPER.writeValueAsString(definition);
        } catch (IOException e) {
            throw new IllegalStateException("definition " + key + " cannot be archived: " + e.getMessage(), e);
        }
        store.write(new Statement("MERGE (d:FlowDefinitionVersion {key: $key}) ON CREATE SET d.id = $id, "
                + "d.version = $version, d.json = $json", Map.of("key", key, "id", definition.id(),
                "version", definition.version(), "json", json)));
        kept.add(key);
    }

    Optional<FlowDefinition> load(String id, int version) {
        return store.read(new Statement("MATCH (d:FlowDefinitionVersion {key: $key}) RETURN d.json AS json",
                Map.of("key", key(id, version)))).stream().findFirst().map(r -> {
                    try {
                        return MAPPER.readValue((String) r.get("json"), FlowDefinition.class);
                    } catch (IOException e) {
                        throw new IllegalStateException("archived definition " + key(id, version) + " is unreadable: "
                                + e.getMessage(), e);
                    }
                });
    }
}
