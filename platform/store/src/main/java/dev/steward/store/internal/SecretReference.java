package dev.steward.store.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves a secret by reference, so that configuration files never hold the secret itself.
 *
 * <p>{@code file:/path} reads the first line of a file; {@code env:NAME} reads an environment variable.
 */
final class SecretReference {

    private SecretReference() {
    }

    static void check(String ref) {
        if (!(ref.startsWith("file:") || ref.startsWith("env:")) || ref.indexOf(':') == ref.length() - 1) {
            throw new InvalidSettingsException(StoreSettings.PID, "password.ref",
                    "'" + ref + "' must be file:/path/to/secret or env:VARIABLE");
        }
    }

    /** Returns the secret; the exception message names the reference, never the secret. */
    static String resolve(String ref) {
        check(ref);
        if (ref.startsWith("env:")) {
            String value = System.getenv(ref.substring(4));
            if (value == null || value.isBlank()) {
                throw new InvalidSettingsException("secret " + ref + " is not set in the environment");
            }
            return value.strip();
        }
        Path file = Path.of(ref.substring(5));
        try {
            String value = Files.readString(file).lines().findFirst().orElse("").strip();
            if (value.isEmpty()) {
                throw new InvalidSettingsException("secret file " + file + " is empty");
            }
            return value;
        } catch (IOException e) {
            throw new InvalidSettingsException("secret file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }
}
