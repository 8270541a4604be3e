package dev.steward.rest.internal;

/** What a caller must be to use an endpoint: anyone, or a user with a Steward role of the JAAS realm. */
enum Role {
    /** No authentication. */
    PUBLIC(""),
    /** May read: status, flows, definitions, metrics, dead letters, memory search, context bundles, working contexts. */
    VIEWER("viewer"),
    /** May act on flows and the exceptions inbox: start, cancel, retry, roll back, signal; replay, discard. */
    OPERATOR("operator"),
    /**
     * May erase data for good (forget a subject of the knowledge bank or a session), run the session upkeep, and
     * install, upgrade and uninstall add-ons.
     */
    ADMIN("admin");

    private final String principal;

    Role(String principal) {
        this.principal = principal;
    }

    /**
     * The name of the JAAS role principal that grants it.
     *
     * @return the role name, empty for {@link #PUBLIC}
     */
    String principal() {
        return principal;
    }
}
