package dev.steward.orchestration.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

import dev.steward.api.flow.FlowDefinition;
import dev.steward.spi.flow.FlowDefinitionProvider;

/** Offers a plan's flow definition as a {@link FlowDefinitionProvider} service of its own, as flow files are. */
final class ServiceDefinitionOffer implements DefinitionOffer {

    private final BundleContext context;

    ServiceDefinitionOffer(BundleContext context) {
        this.context = context;
    }

    @Override
    public Runnable offer(FlowDefinition definition) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("steward.flow.id", definition.id());
        properties.put("steward.flow.version", definition.version());
        properties.put(Constants.SERVICE_DESCRIPTION, "the flow of plan " + definition.id());
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
