package dev.steward.store.internal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The validated settings of the knowledge store, read from {@code etc/dev.steward.store.cfg}.
 *
 * <p>An empty {@code uri} means: run the embedded Neo4j server that ships with the distribution.
 */
record StoreSettings(String uri, String user, String passwordRef, String database, int poolSize,
        Duration healthInterval, Embedded embedded) {

    static final String PID = "dev.steward.store";
    private static final Set<String> SCHEMES = Set.of("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc");
    private static final Pattern MEMORY = Pattern.compile("\\d+[kKmMgG]");

    /** Settings of the embedded server; used only when no external uri is configured. */
    record Embedded(int port, String heap, String pageCache, Path runtime, Path data) {

        String uri() {
            return "bolt://127.0.0.1:" + port;
        }
    }

    boolean isEmbedded() {
        return uri.isEmpty();
    }

    /** The uri the driver connects to: the configured one, or the embedded server's. */
    String effectiveUri() {
        return isEmbedded() ? embedded.uri() : uri;
    }

    /**
     * Reads and checks configuration properties.
     *
     * @throws InvalidSettingsException naming the key, the bad value and what is expected
     */
    static StoreSettings from(Map<String, ?> props) {
        ConfigReader in = new ConfigReader(PID, props);
        String uri = in.string("uri", "");
        if (!uri.isEmpty()) {
            checkUri(uri);
        }
        String passwordRef = in.string("password.ref", "");
        if (!uri.isEmpty() && passwordRef.isEmpty()) {
            throw new InvalidSettingsException(PID, "password.ref",
                    "is required when uri is set (file:/path/to/secret or env:VARIABLE)");
        }
        if (!passwordRef.isEmpty()) {
            SecretReference.check(passwordRef);
        }
        Embedded embedded = new Embedded(
                in.integer("embedded.port", 17687, 1, 65535),
                in.matching("embedded.heap", "512m", MEMORY, "a size such as 512m or 1g"),
                in.matching("embedded.pagecache", "64m", MEMORY, "a size such as 64m or 1g"),
                in.path("embedded.runtime", System.getProperty("karaf.home", "."), "store"),
                in.path("embedded.data", System.getProperty("karaf.data", "data"), ""));
        return new StoreSettings(uri,
                in.string("user", "neo4j"),
                passwordRef,
                in.string("database", "neo4j"),
                in.integer("pool.size", 16, 1, 1000),
                Duration.ofMillis(in.integer("health.interval.ms", 5000, 100, 600_000)),
                embedded);
    }

    private static void checkUri(String uri) {
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(PID, "uri", "'" + uri + "' is not a URI");
        }
        if (parsed.getScheme() == null || !SCHEMES.contains(parsed.getScheme()) || parsed.getHost() == null) {
            throw new InvalidSettingsException(PID, "uri", "'" + uri
                    + "' must be bolt://host:port (one server) or neo4j://host:port (routing), or empty for the embedded store");
        }
    }
}
