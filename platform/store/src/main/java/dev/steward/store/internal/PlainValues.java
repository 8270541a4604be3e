package dev.steward.store.internal;

import java.util.Map;

import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import org.neo4j.driver.types.TypeSystem;

/** Converts driver records to plain Java maps, so that no driver type leaves the store bundle. */
final class PlainValues {

    private static final TypeSystem TYPES = TypeSystem.getDefault();

    private PlainValues() {
    }

    static Map<String, Object> of(Record record) {
        return record.asMap(PlainValues::plain);
    }

    private static Object plain(Value v) {
        if (v.hasType(TYPES.NODE()) || v.hasType(TYPES.RELATIONSHIP()) || v.hasType(TYPES.MAP())) {
            return v.asMap(PlainValues::plain);
        }
        if (v.hasType(TYPES.LIST())) {
            return v.asList(PlainValues::plain);
        }
        return v.asObject();
    }
}
