package dev.steward.store.internal;

/** A configuration value that cannot be used; the message says which file, key and value, and what is expected. */
final class InvalidSettingsException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    InvalidSettingsException(String pid, String key, String problem) {
        super("invalid configuration in etc/" + pid + ".cfg: " + key + " " + problem);
    }

    InvalidSettingsException(String message) {
        super(message);
    }
}
