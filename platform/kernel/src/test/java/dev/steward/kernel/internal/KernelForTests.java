package dev.steward.kernel.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowStatus;
import dev.steward.spi.agent.Agent;
import dev.steward.spi.flow.FlowDefinitionProvider;
import dev.steward.spi.store.GraphStore;

/**
 * The real kernel for other modules' integration tests (the choreographer's, the file-drop connector's), with the
 * hooks DS would call (its constructor and binding methods are package-private): agents and definition
 * providers bound and unbound as services are, and a flow's end awaited.
 */
public final class KernelForTests {

    private KernelForTests() {
    }

    public static FlowEngine engine(GraphStore store) {
        return new FlowEngine(store, new KernelSettings(4, 256, 4, Duration.ofMillis(500), "node-a", Duration.ofSeconds(3)));
    }

    public static void addAgent(FlowEngine engine, Agent agent) {
        engine.register(agent);
    }

    /** Binds a provider of the definitions as DS binds a {@code FlowDefinitionProvider} service; returns its unbind. */
    public static Runnable offer(FlowEngine engine, FlowDefinition... definitions) {
        List<FlowDefinition> offered = List.of(definitions);
        FlowDefinitionProvider provider = () -> offered;
        engine.addDefinitions(provider);
        return () -> engine.removeDefinitions(provider);
    }

    public static FlowStatus awaitEnd(FlowEngine engine, String flowId) throws Exception {
        return engine.ending(flowId).get(60, TimeUnit.SECONDS);
    }

    public static void stop(FlowEngine engine) {
        engine.deactivate();
    }
}
