package dev.steward.definitions.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import dev.steward.api.flow.FlowDefinition;

/** Records what is offered, as {@code id v<version> <file>} entries, and how often anything was published. */
final class FakePublisher implements DefinitionPublisher {

    private final Set<String> offered = ConcurrentHashMap.newKeySet();
    private final List<FlowDefinition> published = new ArrayList<>();

    @Override
    public synchronized Runnable publish(String file, FlowDefinition definition) {
        String entry = definition.id() + " v" + definition.version() + " " + file;
        if (!offered.add(entry)) {
            throw new AssertionError(entry + " published twice");
        }
        published.add(definition);
        return () -> offered.remove(entry);
    }

    Set<String> offered() {
        return new TreeSet<>(offered);
    }

    synchronized List<FlowDefinition> published() {
        return List.copyOf(published);
    }
}
