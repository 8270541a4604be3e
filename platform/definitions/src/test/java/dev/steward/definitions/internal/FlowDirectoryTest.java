package dev.steward.definitions.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void readsYamlFilesOnly() throws IOException {
        Files.writeString(dir.resolve("b.yml"), "b");
        Files.writeString(dir.resolve("a.yaml"), "a: ü");
        Files.writeString(dir.resolve("notes.txt"), "no");
        Files.writeString(dir.resolve("a.yaml.example"), "no");
        Files.writeString(dir.resolve(".hidden.yaml"), "no");
        Files.createDirectories(dir.resolve("sub.yaml"));
        Files.writeString(dir.resolve("sub.yaml/c.yaml"), "no");
        Files.write(dir.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xFC});

        FlowDirectory.Contents contents = new FlowDirectory(dir).read();
        assertEquals(Map.of("a.yaml", "a: ü", "b.yml", "b"), contents.texts());
        assertEquals(List.of("a.yaml", "b.yml"), List.copyOf(contents.texts().keySet()));
        assertEquals(Map.of("latin1.yaml", "the file is not UTF-8 text"), contents.unreadable());
    }

    @Test
    void createsAMissingDirectory() throws IOException {
        Path flows = dir.resolve("etc/steward/flows");
        assertEquals(Map.of(), new FlowDirectory(flows).read().texts());
        assertEquals(true, Files.isDirectory(flows));
    }

    @Test
    void aFileInPlaceOfTheDirectoryFails() throws IOException {
        Path file = Files.writeString(dir.resolve("flows"), "");
        assertThrows(IOException.class, () -> new FlowDirectory(file).read());
    }
}
