package dev.steward.api.status;

import org.osgi.annotation.versioning.ProviderType;

/** The platform's metrics, every bundle's meters together, in the Prometheus text exposition format. */
@ProviderType
public interface MetricsService {

    /**
     * Renders every meter now.
     *
     * @return the Prometheus text format (version 0.0.4)
     */
    String scrape();
}
