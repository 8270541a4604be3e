package dev.steward.api.status;

import org.osgi.annotation.versioning.ProviderType;

/** The platform service that gathers the health of every component and the state of every bundle. */
@ProviderType
public interface StatusService {

    /**
     * Takes a fresh snapshot; it asks every registered health indicator, so callers should not
     * poll it in a tight loop.
     *
     * @return the current platform status, never {@code null}
     */
    PlatformStatus status();
}
