package dev.steward.store.server;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j Community with Bolt on 127.0.0.1 only, auth on, in its own JVM.
 *
 * <p>Started and supervised by the platform's store bundle. It writes its pid file, stops itself when
 * the parent (the platform JVM) is gone, and removes the pid file on a clean stop, so that a platform
 * killed with -9 never leaves a server holding the port or the store lock for long.
 */
public final class StoreServer {

    private final ServerOptions options;
    private final CountDownLatch stopped = new CountDownLatch(1);

    StoreServer(ServerOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        ServerOptions options;
        try {
            options = ServerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("steward-store: " + e.getMessage());
            System.exit(64);
            return;
        }
        new StoreServer(options).run();
    }

    void run() throws Exception {
        long t0 = System.currentTimeMillis();
        writePidFile();
        String password = Files.readString(options.passwordFile()).strip();
        if (isNewStore()) {
            initialise(password);
        }
        DatabaseManagementService dbms = build(true).build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(dbms), "steward-store-shutdown"));
        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(120_000)) {
            System.err.println("steward-store: database did not become available within 120 s");
            System.exit(70);
        }
        setInitialPassword(dbms, password);
        ParentWatch.start(options.parentPid());
        System.out.println("ready bolt://127.0.0.1:" + options.port() + " in " + (System.currentTimeMillis() - t0)
                + " ms, pid " + ProcessHandle.current().pid());
        System.out.flush();
        stopped.await();
    }

    private boolean isNewStore() {
        return !Files.isDirectory(options.home().resolve("data").resolve("databases").resolve("system"));
    }

    /**
     * A new store accepts the well-known default password until it is changed: set ours with Bolt still off,
     * so that nobody can connect in between.
     */
    private void initialise(String password) {
        long t0 = System.currentTimeMillis();
        DatabaseManagementService dbms = build(false).build();
        try {
            setInitialPassword(dbms, password);
        } finally {
            dbms.shutdown();
        }
        System.out.println("new store initialised in " + (System.currentTimeMillis() - t0) + " ms");
    }

    private DatabaseManagementServiceBuilder build(boolean boltEnabled) {
        SocketAddress bolt = new SocketAddress("127.0.0.1", options.port());
        return new DatabaseManagementServiceBuilder(options.home())
                .setConfig(BoltConnector.enabled, boltEnabled)
                .setConfig(BoltConnector.listen_address, bolt)
                .setConfig(BoltConnector.advertised_address, bolt)
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // an empty database would otherwise take 516 MB of preallocated transaction log
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, options.logRetention())
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(options.pageCache()))
                // Netty's graceful quiet period would make every stop take ~10 s
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0);
    }

    /** A new database asks for a password change of user neo4j; set ours, once. */
    private static void setInitialPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        boolean changeRequired = system.executeTransactionally(
                "SHOW USERS YIELD user, passwordChangeRequired WHERE user = 'neo4j' RETURN passwordChangeRequired",
                Map.of(), r -> r.hasNext() && (Boolean) r.next().get("passwordChangeRequired"));
        if (changeRequired) {
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
            System.out.println("initial password of user neo4j set");
        }
    }

    private void writePidFile() throws IOException {
        Files.createDirectories(options.pidFile().toAbsolutePath().getParent());
        Files.writeString(options.pidFile(), Long.toString(ProcessHandle.current().pid()));
    }

    private void stop(DatabaseManagementService dbms) {
        long t0 = System.currentTimeMillis();
        try {
            dbms.shutdown();
        } finally {
            try {
                Files.deleteIfExists(options.pidFile());
            } catch (IOException e) {
                System.err.println("steward-store: could not delete pid file: " + e.getMessage());
            }
            System.out.println("stopped in " + (System.currentTimeMillis() - t0) + " ms");
            System.out.flush();
            stopped.countDown();
        }
    }
}
