package dev.steward.connector.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** What the file-drop tests share: a drop folder's settings, dropping a file whole, waiting, and a kernel that starts flows by key. */
final class Drops {

    private Drops() {
    }

    static DropSettings folder(String name, Path folder, String flow, long maxBytes) {
        return new DropSettings(name, folder, flow, DropSettings.Format.AUTO, maxBytes, true, List.of(), ',',
                Duration.ofMillis(50), Duration.ofMillis(50), folder.resolve("processed"), folder.resolve("quarantine"), 1,
                Duration.ofMillis(10));
    }

    /** Writes the file under a {@code .part} name, then renames it: the connector never sees it half written. */
    static Path drop(Path folder, String name, String content) throws IOException {
        Files.createDirectories(folder);
        Path part = folder.resolve(name + ".part");
        Files.writeString(part, content, StandardCharsets.UTF_8);
        return Files.move(part, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** @return the files directly in a folder (not the reason files), by name */
    static List<Path> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".reason.txt"))
                    .sorted().toList();
        }
    }

    /** @return the one file in a folder whose name starts with {@code prefix} */
    static Path only(Path folder, String prefix) throws IOException {
        List<Path> found = files(folder).stream().filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        if (found.size() != 1) {
            throw new AssertionError("one file " + prefix + "* in " + folder + " expected, found " + found);
        }
        return found.get(0);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** @return whether the file is gone from the drop folder and one file named after it is in {@code to} */
    static boolean moved(Path folder, String name, Path to) {
        try {
            String base = name.substring(0, name.lastIndexOf('.'));
            return !Files.exists(folder.resolve(name))
                    && files(to).stream().anyMatch(p -> p.getFileName().toString().startsWith(base + "-"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String content) {
        return DropGate.sha256(content.getBytes(StandardCharsets.UTF_8));
    }

}
