package dev.steward.memory.internal;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import dev.steward.api.memory.Entity;
import dev.steward.api.memory.Provenance;
import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;

/**
 * Finds or creates the entity a mention refers to. Same e-mail, same entity; else same normalized name within the
 * type, unless that entity has another e-mail (a namesake: a separate entity). Callers resolving the same e-mail or
 * name serialize on lock stripes (nodes with no personal content) taken in order before anything is read, so the
 * read-decide-write below is atomic; the uniqueness constraints are the backstop.
 */
final class EntityResolver {

    static final int STRIPES = 64;

    private static final String RESOLVE = """
            UNWIND $stripes AS stripe
            MERGE (lock:EntityResolutionLock {stripe: stripe})
            SET lock.lockedAt = $now
            WITH count(lock) AS locked
            OPTIONAL MATCH (byEmail:Entity {email: $email})
            OPTIONAL MATCH (byName:Entity {typeNameKey: $typeNameKey})
            WITH byName, CASE
                WHEN byEmail IS NOT NULL THEN byEmail
                WHEN byName IS NOT NULL AND ($email IS NULL OR byName.email IS NULL) THEN byName
                ELSE null END AS found
            CALL {
                WITH found, byName
                WITH found, byName WHERE found IS NULL
                CREATE (e:Entity)
                SET e = $props, e.typeNameKey = CASE WHEN byName IS NULL THEN $typeNameKey ELSE $namesakeKey END
                SET e += $attributes
                RETURN e
              UNION
                WITH found
                WITH found WHERE found IS NOT NULL AND found.type = $type
                SET found.email = coalesce(found.email, $email)
                SET found += $attributes
                RETURN found AS e
              UNION
                WITH found
                WITH found WHERE found IS NOT NULL AND found.type <> $type
                RETURN found AS e
            }
            RETURN properties(e) AS entity
            """;

    private final GraphStore store;
    private final Clock clock;

    EntityResolver(GraphStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    Entity resolve(String type, String name, String email, Map<String, String> attributes, Provenance provenance) {
        Input.type("Entity type", type);
        String display = Input.text("Entity name", name, Input.MAX_NAME).strip();
        String address = Input.email(email);
        Map<String, String> labels = Input.labels("Entity attribute", attributes);
        if (provenance == null) {
            throw new IllegalArgumentException("Entity provenance must be given");
        }
        String nameKey = NameKey.of(display);
        if (nameKey.isEmpty()) {
            throw new IllegalArgumentException("Entity name must contain letters or digits");
        }
        String typeNameKey = NameKey.typeNameKey(type, nameKey);
        long now = clock.millis();

        Map<String, Object> props = Props.provenance(provenance);
        props.put("id", UUID.randomUUID().toString());
        props.put("type", type);
        props.put("name", display);
        props.put("nameKey", nameKey);
        props.put("email", address);
        props.put("createdAt", now);

        Map<String, Object> params = new HashMap<>();
        params.put("stripes", stripes(typeNameKey, address));
        params.put("now", now);
        params.put("email", address);
        params.put("type", type);
        params.put("typeNameKey", typeNameKey);
        params.put("namesakeKey", address == null ? null : typeNameKey + "|" + address);
        params.put("props", props);
        params.put("attributes", Props.prefixed(Props.ATTR, labels));

        Entity e = Props.entity(only(store.write(new Statement(RESOLVE, params))));
        if (!e.type().equals(type)) {
            throw new IllegalArgumentException("That e-mail address already identifies entity " + e.id()
                    + " of type '" + e.type() + "', not '" + type + "'");
        }
        return e;
    }

    /** The lock stripes of the keys, in ascending order so that concurrent callers cannot deadlock. */
    static List<Long> stripes(String typeNameKey, String email) {
        return Stream.of("name:" + typeNameKey, email == null ? null : "email:" + email)
                .filter(k -> k != null)
                .map(k -> (long) Math.floorMod(k.hashCode(), STRIPES))
                .distinct().sorted().toList();
    }

    private static Map<String, Object> only(List<Map<String, Object>> rows) {
        if (rows.size() != 1) {
            throw new IllegalStateException("Entity resolution returned " + rows.size() + " rows instead of one");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> entity = (Map<String, Object>) rows.get(0).get("entity");
        return entity;
    }
}
