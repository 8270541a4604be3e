package dev.steward.store.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.spi.store.Statement;
import dev.steward.spi.store.StoreInfo;
import dev.steward.spi.store.StoreUnavailableException;

/**
 * The driver and what is known of the store behind it. {@link #probe()} runs on a schedule: it (re)creates
 * the driver when needed, checks connectivity, applies schema migrations after every (re)connection, and
 * logs one line whenever the store's state changes.
 */
final class StoreConnection {

    private static final Logger LOG = LoggerFactory.getLogger(StoreConnection.class);

    private final StoreSettings settings;
    private final Supplier<String> password;
    private final StartupGrace grace;
    private volatile Driver driver;
    private volatile String driverSecret;
    private volatile StoreInfo info;

    StoreConnection(StoreSettings settings, Supplier<String> password, StartupGrace grace) {
        this.settings = settings;
        this.password = password;
        this.grace = grace;
        this.info = new StoreInfo(false, settings.effectiveUri(), "", 0, "connecting");
    }

    StoreInfo info() {
        return info;
    }

    /** One health check; never throws. */
    void probe() {
        try {
            Driver d = driver();
            d.verifyConnectivity();
            if (!info.connected()) {
                connected(d);
            }
        } catch (RuntimeException e) {
            disconnected(StoreProblem.describe(e, settings));
        }
    }

    private void connected(Driver d) {
        String version = serverVersion(d);
        int schema = new SchemaMigrator(d, settings.database()).migrate(Migration.all());
        info = new StoreInfo(true, settings.effectiveUri(), version, schema, "");
        grace.end();
        LOG.info("Store connected: {} (Neo4j {}), schema version {}", settings.effectiveUri(), version, schema);
    }

    private void disconnected(String problem) {
        StoreInfo before = info;
        info = new StoreInfo(false, settings.effectiveUri(), before.serverVersion(), before.schemaVersion(), problem);
        if (problem.equals(before.problem()) && !before.connected()) {
            return;
        }
        if (grace.active() && StoreProblem.isUnreachable(problem)) {
            LOG.info("Waiting for the store at {} to accept connections", settings.effectiveUri());
        } else {
            LOG.warn("Store unavailable: {}", problem);
        }
    }

    /** The driver, rebuilt when the secret changed since it was made (a corrected password.ref, say). */
    private Driver driver() {
        Driver d = driver;
        String secret = info.connected() && d != null ? driverSecret : password.get();
        if (d != null && !secret.equals(driverSecret)) {
            closeDriver();
            d = null;
        }
        if (d == null) {
            Config config = Config.builder()
                    .withMaxConnectionPoolSize(settings.poolSize())
                    .withConnectionTimeout(5, TimeUnit.SECONDS)
                    .withConnectionAcquisitionTimeout(10, TimeUnit.SECONDS)
                    .withLogging(Logging.slf4j())
                    .withUserAgent("steward")
                    .build();
            d = GraphDatabase.driver(settings.effectiveUri(), AuthTokens.basic(settings.user(), secret), config);
            driver = d;
            driverSecret = secret;
        }
        return d;
    }

    private String serverVersion(Driver d) {
        try (Session s = session(d)) {
            return s.executeRead(tx -> tx.run("CALL dbms.components() YIELD versions, edition "
                    + "RETURN versions[0] + ' ' + edition AS v").single().get("v").asString());
        }
    }

    List<Map<String, Object>> read(Statement statement) {
        try (Session s = session(available())) {
            return s.executeRead(tx -> tx.run(statement.cypher(), statement.parameters()).list(PlainValues::of));
        } catch (ServiceUnavailableException | SessionExpiredException e) {
            throw unavailable(e);
        }
    }

    List<Map<String, Object>> write(Statement statement) {
        try (Session s = session(available())) {
            return s.executeWrite(tx -> tx.run(statement.cypher(), statement.parameters()).list(PlainValues::of));
        } catch (ServiceUnavailableException | SessionExpiredException e) {
            throw unavailable(e);
        }
    }

    void writeAll(List<Statement> statements) {
        try (Session s = session(available())) {
            s.executeWriteWithoutResult(tx -> statements.forEach(st -> tx.run(st.cypher(), st.parameters()).consume()));
        } catch (ServiceUnavailableException | SessionExpiredException e) {
            throw unavailable(e);
        }
    }

    List<List<Map<String, Object>>> writeAllReturning(List<Statement> statements) {
        try (Session s = session(available())) {
            if (statements.size() == 1) {
                Statement st = statements.get(0);
                return List.of(s.run(st.cypher(), st.parameters()).list(PlainValues::of));
            }
            return s.executeWrite(tx -> statements.stream()
                    .map(st -> tx.run(st.cypher(), st.parameters()).list(PlainValues::of)).toList());
        } catch (ServiceUnavailableException | SessionExpiredException e) {
            throw unavailable(e);
        }
    }

    private Driver available() {
        Driver d = driver;
        StoreInfo i = info;
        if (d == null || !i.connected()) {
            throw new StoreUnavailableException("store unavailable: " + i.problem());
        }
        return d;
    }

    private StoreUnavailableException unavailable(RuntimeException e) {
        return new StoreUnavailableException("store unavailable: " + StoreProblem.describe(e, settings), e);
    }

    private Session session(Driver d) {
        return d.session(SessionConfig.forDatabase(settings.database()));
    }

    Map<String, String> details() {
        Map<String, String> details = new LinkedHashMap<>();
        StoreInfo i = info;
        details.put("uri", i.uri());
        details.put("mode", settings.isEmbedded() ? "embedded" : "external");
        details.put("neo4j", i.serverVersion());
        details.put("schema", Integer.toString(i.schemaVersion()));
        details.put("pool", Integer.toString(settings.poolSize()));
        return details;
    }

    void close() {
        closeDriver();
    }

    private void closeDriver() {
        Driver d = driver;
        driver = null;
        if (d != null) {
            try {
                d.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing the driver failed", e);
            }
        }
    }
}
