package dev.steward.metrics.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import dev.steward.api.agent.AgentRegistry;

/**
 * Hands the kernel's agent registry to the platform's meter registry while both are there. It is a component of
 * its own so that neither service references the other: the kernel records into the meter registry.
 */
@Component
public final class AgentRegistryBinding {

    private final PlatformMeterRegistry meters;

    /**
     * Binds the two.
     *
     * @param meters the platform's meter registry
     * @param agents the kernel's agent registry
     */
    @Activate
    public AgentRegistryBinding(@Reference PlatformMeterRegistry meters, @Reference AgentRegistry agents) {
        this.meters = meters;
        meters.setAgents(agents);
    }

    @Deactivate
    void deactivate() {
        meters.setAgents(null);
    }
}
