package dev.steward.model.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The API key, read by reference at each request ({@code file:/path}: the first line of the file;
 * {@code env:NAME}: an environment variable), so that a rotated key is used without a restart and the
 * configuration never holds the key.
 */
record ApiKey(String ref) implements Supplier<String> {

    @Override
    public String get() {
        if (ref.isEmpty()) {
            return null;
        }
        if (ref.startsWith("env:")) {
            String value = System.getenv(ref.substring(4));
            return value == null || value.isBlank() ? null : value.strip();
        }
        try {
            return Files.readString(Path.of(ref.substring(5))).lines().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new UncheckedIOException("API key file " + ref.substring(5) + " cannot be read", e);
        }
    }
}
