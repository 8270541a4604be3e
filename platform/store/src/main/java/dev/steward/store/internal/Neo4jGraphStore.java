package dev.steward.store.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.status.Health;
import dev.steward.spi.status.HealthIndicator;
import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;
import dev.steward.spi.store.StoreInfo;
import dev.steward.spi.store.StoreUnavailableException;

/**
 * The platform's knowledge store: a Neo4j driver configured from {@code etc/dev.steward.store.cfg}, and the
 * embedded server it starts when no external uri is set. It stays registered while the store is down or
 * misconfigured, reporting why in its health, and reconnects by itself.
 */
@Component(service = {GraphStore.class, HealthIndicator.class}, configurationPid = StoreSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
public final class Neo4jGraphStore implements GraphStore, HealthIndicator {

    static final String COMPONENT = "store";
    /** How long a freshly started embedded server may refuse connections before that is worth a warning. */
    private static final Duration EMBEDDED_STARTUP = Duration.ofMinutes(2);
    private static final Logger LOG = LoggerFactory.getLogger(Neo4jGraphStore.class);

    private final String invalidSettings;
    private final ScheduledExecutorService scheduler;
    private final EmbeddedStoreServer embedded;
    private final StoreConnection connection;

    @Activate
    public Neo4jGraphStore(Map<String, Object> properties) {
        StoreSettings settings;
        try {
            settings = StoreSettings.from(properties);
        } catch (IllegalArgumentException e) {
            LOG.error("Store not started: {}", e.getMessage());
            invalidSettings = e.getMessage();
            scheduler = null;
            embedded = null;
            connection = null;
            return;
        }
        invalidSettings = null;
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "steward-store"));
        if (settings.isEmbedded()) {
            embedded = new EmbeddedStoreServer(settings.embedded(), scheduler);
            String ref = "file:" + embedded.passwordFile();
            connection = new StoreConnection(settings, () -> SecretReference.resolve(ref), new StartupGrace(EMBEDDED_STARTUP));
            embedded.start();
        } else {
            embedded = null;
            connection = new StoreConnection(settings, () -> SecretReference.resolve(settings.passwordRef()),
                    StartupGrace.none());
        }
        long interval = settings.healthInterval().toMillis();
        scheduler.scheduleWithFixedDelay(connection::probe, Math.min(interval, 500), interval, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    public void deactivate() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        connection.close();
        if (embedded != null) {
            embedded.stop();
        }
    }

    @Override
    public StoreInfo info() {
        if (connection == null) {
            return new StoreInfo(false, "", "", 0, invalidSettings);
        }
        StoreInfo info = connection.info();
        if (!info.connected() && embedded != null && !embedded.problem().isEmpty()) {
            return new StoreInfo(false, info.uri(), info.serverVersion(), info.schemaVersion(), embedded.problem());
        }
        return info;
    }

    @Override
    public Health health() {
        StoreInfo info = info();
        if (connection == null) {
            return Health.down(COMPONENT, info.problem(), Map.of());
        }
        Map<String, String> details = connection.details();
        if (embedded != null) {
            details.put("pid", Long.toString(embedded.pid()));
        }
        return info.connected()
                ? Health.up(COMPONENT, "connected to " + info.uri() + ", Neo4j " + info.serverVersion()
                        + ", schema version " + info.schemaVersion(), details)
                : Health.down(COMPONENT, info.problem(), details);
    }

    @Override
    public List<Map<String, Object>> read(Statement statement) {
        return connected().read(statement);
    }

    @Override
    public List<Map<String, Object>> write(Statement statement) {
        return connected().write(statement);
    }

    @Override
    public void writeAll(List<Statement> statements) {
        connected().writeAll(statements);
    }

    @Override
    public List<List<Map<String, Object>>> writeAllReturning(List<Statement> statements) {
        return connected().writeAllReturning(statements);
    }

    private StoreConnection connected() {
        if (connection == null) {
            throw new StoreUnavailableException("store unavailable: " + invalidSettings);
        }
        return connection;
    }
}
