package dev.steward.connector.mail;

/** A received message that cannot start a flow as it is (too large, unreadable): not retried, kept in the exceptions inbox. */
final class MessageRefused extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    MessageRefused(String reason) {
        super(reason);
    }
}
