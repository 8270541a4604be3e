package dev.steward.kernel.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** This platform node's id, generated on first start and kept in {@code data/steward/node.id}. */
final class NodeId {

    private NodeId() {
    }

    static String loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file).strip();
                if (!id.isEmpty()) {
                    return id;
                }
            }
            String id = "node-" + UUID.randomUUID().toString().substring(0, 8);
            Files.createDirectories(file.getParent());
            Files.writeString(file, id + System.lineSeparator());
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the node id in " + file, e);
        }
    }

    static Path defaultFile() {
        return Path.of(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "steward", "node.id");
    }
}
