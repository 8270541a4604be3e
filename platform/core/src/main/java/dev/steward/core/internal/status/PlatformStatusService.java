package dev.steward.core.internal.status;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.steward.api.status.BundleStatus;
import dev.steward.api.status.Health;
import dev.steward.api.status.PlatformStatus;
import dev.steward.api.status.StatusService;
import dev.steward.spi.status.HealthIndicator;

/**
 * Assembles the platform status: the health every {@link HealthIndicator} reports, and the state of every
 * Steward bundle. An indicator that throws is reported as down; it never breaks the status of the rest.
 */
@Component(service = StatusService.class)
public final class PlatformStatusService implements StatusService {

    static final String BUNDLE_PREFIX = "dev.steward.";
    /** Components the platform cannot work without: reported down while their indicator is missing. */
    static final List<String> REQUIRED = List.of("camel", "kernel", "store");

    private final BundleContext bundleContext;
    private final String version;
    private final List<HealthIndicator> indicators = new CopyOnWriteArrayList<>();

    @Activate
    public PlatformStatusService(BundleContext bundleContext) {
        this.bundleContext = bundleContext;
        this.version = bundleContext.getBundle().getHeaders().get("Steward-Version");
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addIndicator(HealthIndicator indicator) {
        indicators.add(indicator);
    }

    void removeIndicator(HealthIndicator indicator) {
        indicators.remove(indicator);
    }

    @Override
    public PlatformStatus status() {
        List<Health> components = new ArrayList<>();
        for (HealthIndicator indicator : indicators) {
            components.add(guarded(indicator));
        }
        for (String name : REQUIRED) {
            if (components.stream().noneMatch(h -> h.component().equals(name))) {
                components.add(Health.down(name, "not running (its bundle is not active yet or failed)", Map.of()));
            }
        }
        components.sort(Comparator.comparing(Health::component));
        return new PlatformStatus(version, components, bundles());
    }

    static Health guarded(HealthIndicator indicator) {
        try {
            Health h = indicator.health();
            return h != null ? h : Health.down(indicator.getClass().getName(), "reported no health", Map.of());
        } catch (RuntimeException e) {
            return Health.down(indicator.getClass().getName(), "health check failed: " + e, Map.of());
        }
    }

    private List<BundleStatus> bundles() {
        return Arrays.stream(bundleContext.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith(BUNDLE_PREFIX))
                .filter(b -> b.getHeaders().get("Fragment-Host") == null)
                .map(b -> new BundleStatus(b.getBundleId(), b.getSymbolicName(), b.getVersion().toString(), stateOf(b)))
                .sorted(Comparator.comparing(BundleStatus::symbolicName))
                .toList();
    }

    static String stateOf(Bundle b) {
        return switch (b.getState()) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }
}
