package dev.steward.definitions.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The flows directory: reads every {@code *.yaml} and {@code *.yml} file in it (not in sub-directories, not
 * hidden files) as UTF-8 text. The directory is created when it does not exist.
 */
final class FlowDirectory {

    static final long MAX_BYTES = 1024 * 1024;

    /** The text of each file by name, and why each file that could not be read could not. */
    record Contents(Map<String, String> texts, Map<String, String> unreadable) {
    }

    private final Path path;

    FlowDirectory(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /**
     * Reads the directory.
     *
     * @return the files, sorted by name
     * @throws IOException when the directory itself cannot be created or listed
     */
    Contents read() throws IOException {
        Files.createDirectories(path);
        Map<String, String> texts = new TreeMap<>();
        Map<String, String> unreadable = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(path)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || !(name.endsWith(".yaml") || name.endsWith(".yml")) || !Files.isRegularFile(file)) {
                    continue;
                }
                try {
                    if (Files.size(file) > MAX_BYTES) {
                        unreadable.put(name, "the file is larger than " + MAX_BYTES / 1024 + " KiB");
                    } else {
                        texts.put(name, utf8(Files.readAllBytes(file)));
                    }
                } catch (NoSuchFileException deletedMeanwhile) {
                    // removed between listing and reading: the next pass sees it gone
                } catch (CharacterCodingException e) {
                    unreadable.put(name, "the file is not UTF-8 text");
                } catch (IOException e) {
                    unreadable.put(name, "the file cannot be read: " + e);
                }
            }
        }
        return new Contents(texts, unreadable);
    }

    private static String utf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }
}
