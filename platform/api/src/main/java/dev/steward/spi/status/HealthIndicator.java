package dev.steward.spi.status;

import dev.steward.api.status.Health;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Reports the health of one component. Any bundle that wants to appear in {@code steward:status}
 * registers an implementation as an OSGi service; the platform finds it, nothing else is needed.
 */
@ConsumerType
public interface HealthIndicator {

    /**
     * Reports the current health. It is called on every status request, so it must be cheap
     * (use cached or last-known facts, no slow remote calls) and must never throw: report a
     * problem as {@link Health#down} instead.
     *
     * @return the current health, never {@code null}
     */
    Health health();
}
