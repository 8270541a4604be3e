package dev.steward.definitions.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

import dev.steward.api.flow.FlowDefinition;
import dev.steward.spi.flow.FlowDefinitionProvider;

/**
 * Offers each definition version as a {@link FlowDefinitionProvider} service of its own. The kernel reads a
 * provider once, when it binds it, and forgets exactly its definitions when it goes: so an offered version
 * is never re-registered (no moment without it, no unbind that takes an equal definition of a newer
 * registration with it), and a file's versions come and go one by one.
 */
final class ServicePublisher implements DefinitionPublisher {

    static final String FLOW_ID = "steward.flow.id";
    static final String FLOW_VERSION = "steward.flow.version";
    static final String FLOW_FILE = "steward.flow.file";

    private final BundleContext context;

    ServicePublisher(BundleContext context) {
        this.context = context;
    }

    @Override
    public Runnable publish(String file, FlowDefinition definition) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(FLOW_ID, definition.id());
        properties.put(FLOW_VERSION, definition.version());
        properties.put(FLOW_FILE, file);
        properties.put(Constants.SERVICE_DESCRIPTION, "flow '" + definition.id() + "' version " + definition.version()
                + " from flow file " + file);
        List<FlowDefinition> offered = List.of(definition);
        FlowDefinitionProvider provider = () -> offered;
        ServiceRegistration<FlowDefinitionProvider> registration =
                context.registerService(FlowDefinitionProvider.class, provider, properties);
        return () -> {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered already: withdrawn before, or by the framework as the bundle stopped
            }
        };
    }
}
