package dev.steward.store.internal;

import java.util.List;
import java.util.Map;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the store schema up to the newest {@link Migration}, recording each applied version as a
 * {@code (:StewardMigration)} node. Safe to run on every start and from several platform nodes at once.
 */
final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private final Driver driver;
    private final String database;

    SchemaMigrator(Driver driver, String database) {
        this.driver = driver;
        this.database = database;
    }

    /** Applies the missing migrations and returns the schema version now in force. */
    int migrate(List<Migration> migrations) {
        try (Session session = driver.session(SessionConfig.forDatabase(database))) {
            int current = currentVersion(session);
            for (Migration m : migrations) {
                if (m.version() <= current) {
                    continue;
                }
                // schema statements cannot share a transaction with data writes: one transaction each
                for (String statement : m.statements()) {
                    session.executeWriteWithoutResult(tx -> tx.run(statement));
                }
                session.executeWriteWithoutResult(tx -> tx.run(
                        "MERGE (m:StewardMigration {version: $version}) "
                                + "ON CREATE SET m.description = $description, m.appliedAt = datetime()",
                        Map.of("version", m.version(), "description", m.description())));
                LOG.info("Store schema migrated to version {} ({})", m.version(), m.description());
                current = m.version();
            }
            return current;
        }
    }

    static int currentVersion(Session session) {
        return session.executeRead(tx -> tx.run(
                "MATCH (m:StewardMigration) RETURN coalesce(max(m.version), 0) AS v").single().get("v").asInt());
    }
}
