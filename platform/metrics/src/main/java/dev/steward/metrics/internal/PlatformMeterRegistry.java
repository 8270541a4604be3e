package dev.steward.metrics.internal;

import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import dev.steward.api.agent.AgentRegistry;
import dev.steward.api.status.MetricsService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.distribution.pause.NoPauseDetector;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The platform's one meter registry: a Prometheus registry that every bundle records into through the Micrometer
 * {@link MeterRegistry} service, and that {@link MetricsService} renders for a scrape. It carries the JVM's
 * memory, garbage collection, thread, class loading, CPU and uptime meters, and the agent registry's counters per
 * agent and version ({@link AgentMeters}), taken at each scrape.
 *
 * <p>It references no service: the kernel records into it, so a reference to the kernel's agent registry would
 * close a cycle that Felix reports as an error when both are activated together. {@link AgentRegistryBinding}
 * hands it the registry instead.
 *
 * <p>It is a subclass rather than a holder because Declarative Services registers the component object itself:
 * the service must be the registry.
 */
@Component(service = {MeterRegistry.class, MetricsService.class, PlatformMeterRegistry.class})
public final class PlatformMeterRegistry extends PrometheusMeterRegistry implements MetricsService {

    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final AgentMeters agentMeters = new AgentMeters(this);
    private final Counter syncFailures = Counter.builder("steward.metrics.agent.sync.failures")
            .description("Scrapes that could not read the agent registry").register(this);

    private volatile AgentRegistry agents;

    /** Creates the registry with Prometheus defaults and binds the JVM meters. */
    public PlatformMeterRegistry() {
        super(PrometheusConfig.DEFAULT);
        // pause compensation starts a detector thread that is shared JVM-wide and would outlive this bundle
        config().pauseDetector(new NoPauseDetector());
        List<MeterBinder> jvm = List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics(), new UptimeMetrics());
        jvm.forEach(binder -> binder.bindTo(this));
    }

    /**
     * Renders every meter in the Prometheus text format, version 0.0.4.
     *
     * @return the exposition text
     */
    @Override
    public String scrape() {
        AgentRegistry registry = agents;
        try {
            agentMeters.sync(registry);
        } catch (RuntimeException e) {
            // the agents' meters keep their last values; the scrape must not fail for them
            syncFailures.increment();
        }
        return super.scrape();
    }

    /** The agent registry whose counters each scrape takes, or null for none. */
    void setAgents(AgentRegistry registry) {
        agents = registry;
    }

    @Deactivate
    void deactivate() {
        gc.close();
        close();
    }
}
