package dev.steward.spi.store;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's graph store: runs parameterised Cypher and returns rows as plain maps of Java
 * values (strings, numbers, booleans, lists, maps, {@code java.time} types, {@code null}).
 */
@ProviderType
public interface GraphStore {

    /**
     * Describes the connection; it never throws, even when the store is down.
     *
     * @return the current store info
     */
    StoreInfo info();

    /**
     * Runs a read-only statement in its own read transaction.
     *
     * @param statement the statement
     * @return the result rows, keyed by column name, in result order
     * @throws StoreUnavailableException when the store is down
     */
    List<Map<String, Object>> read(Statement statement);

    /**
     * Runs a statement in its own write transaction and commits it.
     *
     * @param statement the statement
     * @return the result rows, keyed by column name, in result order
     * @throws StoreUnavailableException when the store is down
     */
    List<Map<String, Object>> write(Statement statement);

    /**
     * Runs all statements in order in ONE transaction: either all are committed or none is.
     *
     * @param statements the statements, in the order to run them
     * @throws StoreUnavailableException when the store is down
     */
    void writeAll(List<Statement> statements);

    /**
     * Runs all statements in order in ONE transaction, as {@link #writeAll}, and returns what each returned.
     *
     * @param statements the statements, in the order to run them
     * @return one list of result rows per statement, in statement order
     * @throws StoreUnavailableException when the store is down
     */
    List<List<Map<String, Object>>> writeAllReturning(List<Statement> statements);
}
