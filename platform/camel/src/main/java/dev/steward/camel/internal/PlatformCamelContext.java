package dev.steward.camel.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.RoutesBuilder;
import org.apache.camel.karaf.core.OsgiCamelContextPublisher;
import org.apache.camel.karaf.core.OsgiDefaultCamelContext;
import org.apache.camel.spi.ComponentResolver;
import org.apache.camel.spi.LanguageResolver;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.status.Health;
import dev.steward.spi.status.HealthIndicator;

/**
 * The platform's one CamelContext, named {@value #NAME}. Any bundle contributes routes by registering a
 * {@link RoutesBuilder} service; when that service goes (its bundle stopped or uninstalled), exactly the
 * routes it added are stopped, their in-flight exchanges drained, and removed.
 */
@Component(service = HealthIndicator.class, immediate = true)
public final class PlatformCamelContext implements HealthIndicator {

    static final String NAME = "steward";
    private static final Logger LOG = LoggerFactory.getLogger(PlatformCamelContext.class);
    /** Seconds a removed route may take to finish its in-flight exchanges. */
    private static final long DRAIN_SECONDS = 10;

    private final OsgiDefaultCamelContext camel;
    private final Map<ServiceReference<RoutesBuilder>, List<String>> routesByContribution = new ConcurrentHashMap<>();
    private volatile boolean started;

    /**
     * Starting the context resolves the simple language, which camel-core-osgi publishes as a service once
     * its bundle is active: the reference makes activation wait for it instead of racing it.
     */
    @Activate
    public PlatformCamelContext(BundleContext bundleContext,
            @Reference(target = "(language=simple)") LanguageResolver simpleLanguage) {
        camel = new OsgiDefaultCamelContext(bundleContext);
        camel.getCamelContextExtension().setName(NAME);
        camel.getShutdownStrategy().setTimeout(DRAIN_SECONDS);
        camel.getManagementStrategy().addEventNotifier(new OsgiCamelContextPublisher(bundleContext));
        // routes are bound after construction (DS calls bind methods once the instance exists)
        camel.start();
        started = true;
        LOG.info("CamelContext '{}' started", NAME);
    }

    @Deactivate
    void stop() {
        synchronized (this) {
            started = false;
        }
        camel.stop();
        routesByContribution.clear();
    }

    @Reference(service = RoutesBuilder.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addRoutes(ServiceReference<RoutesBuilder> ref, RoutesBuilder builder) {
        if (started) {
            add(ref, builder);
        }
    }

    synchronized void removeRoutes(ServiceReference<RoutesBuilder> ref, RoutesBuilder builder) {
        List<String> ids = routesByContribution.remove(ref);
        if (ids == null || !started) {
            return;
        }
        remove(ids, ref);
        LOG.info("Removed route(s) {} of bundle {}", ids, bundleOf(ref));
    }

    private void remove(List<String> ids, ServiceReference<RoutesBuilder> ref) {
        for (String id : ids) {
            try {
                camel.getRouteController().stopRoute(id);
                camel.removeRoute(id);
            } catch (Exception e) {
                LOG.error("Route {} of bundle {} could not be removed: {}", id, bundleOf(ref), e.getMessage());
            }
        }
    }

    /**
     * A Camel component's bundle went away (an add-on's library uninstalled): the context forgets the component
     * instance it made from it, so that the next route using that component, from a reinstalled add-on, gets one
     * from the bundle that provides it now rather than the stale one.
     */
    @Reference(service = ComponentResolver.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addComponentResolver(ComponentResolver resolver) {
        // resolved on demand by the context
    }

    synchronized void removeComponentResolver(ComponentResolver resolver, Map<String, Object> properties) {
        Object names = properties.get("component");
        for (Object name : names instanceof String[] all ? List.of(all) : names == null ? List.of() : List.of(names)) {
            if (started && camel.hasComponent(String.valueOf(name)) != null) {
                camel.removeComponent(String.valueOf(name));
                LOG.info("Camel component '{}' removed: its bundle went away", name);
            }
        }
    }

    private void add(ServiceReference<RoutesBuilder> ref, RoutesBuilder builder) {
        List<String> before = routeIds();
        try {
            camel.addRoutes(builder);
        } catch (Exception e) {
            // a faulty plugin must not take the context down, nor leave the routes it got in before the one refused
            List<String> partial = routeIds().stream().filter(id -> !before.contains(id)).toList();
            remove(partial, ref);
            LOG.error("Routes of bundle {} rejected{}: {}", bundleOf(ref),
                    partial.isEmpty() ? "" : " (its route(s) " + partial + " removed again)", e.getMessage());
            return;
        }
        List<String> added = routeIds().stream().filter(id -> !before.contains(id)).toList();
        routesByContribution.put(ref, added);
        LOG.info("Added route(s) {} of bundle {}", added, bundleOf(ref));
    }

    private List<String> routeIds() {
        return camel.getRoutes().stream().map(r -> r.getRouteId()).toList();
    }

    private static String bundleOf(ServiceReference<?> ref) {
        return ref.getBundle() == null ? "(gone)" : ref.getBundle().getSymbolicName();
    }

    @Override
    public Health health() {
        Map<String, String> routes = new LinkedHashMap<>();
        camel.getRoutes().forEach(r -> routes.put("route " + r.getRouteId(),
                String.valueOf(camel.getRouteController().getRouteStatus(r.getRouteId()))));
        String message = "context " + NAME + " " + camel.getStatus() + ", " + routes.size() + " route(s)";
        return camel.isStarted() ? Health.up("camel", message, routes) : Health.down("camel", message, routes);
    }
}
