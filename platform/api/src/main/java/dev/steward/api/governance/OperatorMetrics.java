package dev.steward.api.governance;

import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The operator's metrics, computed on demand from what the platform journaled: nothing is counted twice and nothing
 * is kept apart from the journal, so a report of a past window can be asked for again and comes out the same
 * (except for exceptions still open, whose wait grows until they are resolved).
 */
@ProviderType
public interface OperatorMetrics {

    /**
     * Computes the report of a window.
     *
     * @param from the window's start, inclusive
     * @param to the window's end, exclusive; not before {@code from}
     * @return the report
     * @throws IllegalArgumentException when {@code from} is after {@code to}
     * @throws dev.steward.spi.store.StoreUnavailableException when the knowledge store does not answer
     */
    OperatorReport report(Instant from, Instant to);
}
