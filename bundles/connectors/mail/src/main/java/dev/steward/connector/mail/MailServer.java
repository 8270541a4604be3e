package dev.steward.connector.mail;

/**
 * Where and how a mailbox reaches one of its servers. The password is held only after it was resolved from its
 * reference, and {@link #toString()} never shows it.
 *
 * @param host the host name
 * @param port the port
 * @param starttls whether STARTTLS is required
 * @param username the login, empty for none
 * @param password the password, empty for none
 */
record MailServer(String host, int port, boolean starttls, String username, String password) {

    MailServer {
        if (host.isBlank() || host.contains("/") || host.contains("?") || host.contains("@")) {
            throw new IllegalArgumentException("must name the server, was '" + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535, was " + port);
        }
        if (username.isEmpty() != password.isEmpty()) {
            throw new IllegalArgumentException("username and password.ref must be set together");
        }
    }

    boolean authenticates() {
        return !username.isEmpty();
    }

    @Override
    public String toString() {
        return host + ":" + port + (authenticates() ? " as " + username : "") + (starttls ? " with STARTTLS" : "");
    }
}
