package dev.steward.kernel.internal;

import java.time.Duration;
import java.util.List;

import dev.steward.api.flow.FlowDefinition;
import dev.steward.spi.agent.Agent;
import dev.steward.spi.flow.FlowDefinitionProvider;
import dev.steward.spi.store.GraphStore;

/**
 * The real kernel for the file-drop connector's integration test (its constructor and binding methods are
 * package-private): an engine on the test's store, with agents and definitions bound as DS binds their services.
 */
public final class KernelOnStore {

    private KernelOnStore() {
    }

    public static FlowEngine engine(GraphStore store) {
        return new FlowEngine(store, new KernelSettings(4, 256, 4, Duration.ofMillis(500), "node-a", Duration.ofSeconds(3)));
    }

    public static void addAgent(FlowEngine engine, Agent agent) {
        engine.register(agent);
    }

    /** Binds a provider of the definitions as DS binds a {@code FlowDefinitionProvider} service. */
    public static void offer(FlowEngine engine, FlowDefinition... definitions) {
        List<FlowDefinition> offered = List.of(definitions);
        FlowDefinitionProvider provider = () -> offered;
        engine.addDefinitions(provider);
    }

    public static void stop(FlowEngine engine) {
        engine.deactivate();
    }
}
