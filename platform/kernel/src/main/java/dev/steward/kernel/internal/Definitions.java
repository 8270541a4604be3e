package dev.steward.kernel.internal;

import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.StepDefinition;

/**
 * Every flow definition the kernel knows, by id and version. A new flow starts on the newest version; a
 * running flow keeps the version it started with, so versions stay known while any provider offers them.
 */
final class Definitions {

    private static final Logger LOG = LoggerFactory.getLogger(Definitions.class);
    private final Map<String, NavigableMap<Integer, FlowDefinition>> byId = new ConcurrentHashMap<>();

    /** Adds a definition after checking its input mappings; a bad one is logged and left out. */
    boolean add(FlowDefinition definition) {
        try {
            Set<String> ids = definition.steps().stream().map(StepDefinition::id).collect(Collectors.toSet());
            definition.steps().forEach(step -> InputMapping.check(step, ids));
        } catch (IllegalArgumentException e) {
            LOG.error("Flow definition {} v{} rejected: {}", definition.id(), definition.version(), e.getMessage());
            return false;
        }
        byId.computeIfAbsent(definition.id(), id -> new ConcurrentSkipListMap<>()).put(definition.version(), definition);
        return true;
    }

    void remove(FlowDefinition definition) {
        NavigableMap<Integer, FlowDefinition> versions = byId.get(definition.id());
        if (versions != null) {
            versions.remove(definition.version(), definition);
        }
    }

    Optional<FlowDefinition> latest(String id) {
        NavigableMap<Integer, FlowDefinition> versions = byId.get(id);
        return versions == null || versions.isEmpty() ? Optional.empty() : Optional.of(versions.lastEntry().getValue());
    }

    /** The newest version of every definition, by id. */
    java.util.List<FlowDefinition> newest() {
        return byId.values().stream().filter(v -> !v.isEmpty()).map(v -> v.lastEntry().getValue())
                .sorted(java.util.Comparator.comparing(FlowDefinition::id)).toList();
    }

    Optional<FlowDefinition> get(String id, int version) {
        NavigableMap<Integer, FlowDefinition> versions = byId.get(id);
        return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(version));
    }
}
