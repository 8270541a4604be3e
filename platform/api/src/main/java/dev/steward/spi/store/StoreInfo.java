package dev.steward.spi.store;

/**
 * What the platform knows about its graph store connection.
 *
 * @param connected whether the store answers
 * @param uri where the store is ({@code null} becomes empty); never contains credentials
 * @param serverVersion the server version, empty when unknown ({@code null} becomes empty)
 * @param schemaVersion the applied Steward schema version, zero when none
 * @param problem why the store is not usable, empty when it is ({@code null} becomes empty)
 */
public record StoreInfo(boolean connected, String uri, String serverVersion, int schemaVersion, String problem) {

    /** Validates the fields. */
    public StoreInfo {
        uri = uri == null ? "" : uri;
        serverVersion = serverVersion == null ? "" : serverVersion;
        problem = problem == null ? "" : problem;
        if (schemaVersion < 0) {
            throw new IllegalArgumentException("Schema version must not be negative, was " + schemaVersion);
        }
    }

    /**
     * Describes a working connection.
     *
     * @param uri where the store is
     * @param serverVersion the server version
     * @param schemaVersion the applied schema version
     * @return a connected store info without a problem
     */
    public static StoreInfo connected(String uri, String serverVersion, int schemaVersion) {
        return new StoreInfo(true, uri, serverVersion, schemaVersion, "");
    }

    /**
     * Describes a store that cannot be used.
     *
     * @param uri where the store is
     * @param problem why it cannot be used
     * @return a disconnected store info
     */
    public static StoreInfo unavailable(String uri, String problem) {
        return new StoreInfo(false, uri, "", 0, problem);
    }
}
