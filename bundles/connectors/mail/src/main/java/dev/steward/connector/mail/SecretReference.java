package dev.steward.connector.mail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves a password by reference, so that configuration files never hold it: {@code file:/path} reads the first line
 * of a file, {@code env:NAME} an environment variable. Messages name the reference, never the secret.
 */
final class SecretReference {

    private SecretReference() {
    }

    static String resolve(String ref, String where) {
        if (ref.startsWith("env:") && ref.length() > 4) {
            String value = System.getenv(ref.substring(4));
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(where + ": environment variable " + ref.substring(4) + " is not set");
            }
            return value.strip();
        }
        if (ref.startsWith("file:") && ref.length() > 5) {
            Path file = Path.of(ref.substring(5));
            try {
                String value = Files.readString(file).lines().findFirst().orElse("").strip();
                if (value.isEmpty()) {
                    throw new IllegalArgumentException(where + ": secret file " + file + " is empty");
                }
                return value;
            } catch (IOException e) {
                throw new IllegalArgumentException(where + ": secret file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
            }
        }
        throw new IllegalArgumentException(where + " must be file:/path/to/secret or env:VARIABLE");
    }
}
