package dev.steward.core.internal.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import org.apache.karaf.jaas.modules.BackingEngine;
import org.apache.karaf.jaas.modules.BackingEngineFactory;

/**
 * Changes the realm's users file so that no reader ever sees it half written.
 *
 * <p>Karaf's properties backing engine saves the file in place, one save per change. With encryption on, Karaf also
 * watches that file and, on every change, reads it and saves it again when it finds a password not yet hashed. A read
 * during a save sees a truncated file: a cut line looks like a user with a clear password, so the watcher saved the cut
 * file back with a stray {@code _g_ = {CRYPT}...} line, and the users and groups after the cut were lost (found once
 * in a full test run: the operator without its group). Here the engine works on a private copy next to the file,
 * and the copy then replaces the file in one atomic rename, which the watcher does not even see (it listens for
 * modifications only). Changes are serialised within the platform.
 */
final class UsersFile {

    static final String USERS_OPTION = "users";
    private static final Object LOCK = new Object();

    private final BackingEngineFactory factory;
    private final Map<String, ?> options;

    UsersFile(BackingEngineFactory factory, Map<String, ?> options) {
        this.factory = factory;
        this.options = options;
    }

    Path path() {
        Object users = options.get(USERS_OPTION);
        if (users == null) {
            throw new IllegalStateException("The realm's properties login module names no users file");
        }
        return Path.of(users.toString());
    }

    /** Reads through the engine, on the file itself (a read never writes). */
    <T> T read(Function<BackingEngine, T> query) {
        synchronized (LOCK) {
            return query.apply(factory.build(options));
        }
    }

    /** Applies a change to a copy of the file, then puts the copy in its place atomically; returns the change's result. */
    <T> T change(Function<BackingEngine, T> change) throws IOException {
        synchronized (LOCK) {
            Path file = path();
            Path copy = file.resolveSibling("." + file.getFileName() + ".steward-edit");
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            try {
                Map<String, Object> onCopy = new HashMap<>(options);
                onCopy.put(USERS_OPTION, copy.toString());
                BackingEngine engine = factory.build(onCopy);
                if (engine == null) {
                    throw new IOException("Karaf's backing engine cannot open " + copy);
                }
                T result = change.apply(engine);
                Files.move(copy, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return result;
            } finally {
                Files.deleteIfExists(copy);
            }
        }
    }
}
