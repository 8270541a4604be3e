package dev.steward.store.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/** Where the embedded store keeps its files under the distribution's {@code data/} folder. */
final class StoreFiles {

    private final Path data;

    StoreFiles(Path data) {
        this.data = data;
    }

    Path home() {
        return data.resolve("neo4j");
    }

    Path pid() {
        return data.resolve("steward").resolve("store.pid");
    }

    Path password() {
        return data.resolve("steward").resolve("store.password");
    }

    Path serverLog() {
        return data.resolve("log").resolve("steward-store.log");
    }

    /** Writes a new password, readable by the owner only, unless one exists. */
    void ensurePassword(Supplier<String> generator) throws IOException {
        Files.createDirectories(password().getParent());
        Files.createDirectories(serverLog().getParent());
        Files.createDirectories(home());
        if (Files.exists(password())) {
            return;
        }
        Path tmp = password().resolveSibling("store.password.tmp");
        Files.deleteIfExists(tmp);
        if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, generator.get() + System.lineSeparator(), StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, password());
    }

}
