package dev.steward.rest.internal;

import java.util.Objects;
import java.util.Set;

/**
 * An authenticated user and the roles the realm gave it.
 *
 * @param name the user name, used as the actor in audit trails
 * @param roles the names of its role principals
 */
record Caller(String name, Set<String> roles) {

    Caller {
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
    }

    boolean has(Role role) {
        return role == Role.PUBLIC || roles.contains(role.principal());
    }
}
