package dev.steward.core.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.karaf.jaas.boot.principal.GroupPrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.jaas.modules.properties.PropertiesBackingEngineFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changes through Karaf's real properties backing engine, checked by a reader that reads the file all the while. */
class UsersFileTest {

    @TempDir
    Path dir;

    @Test
    void aReaderNeverSeesTheFileHalfWritten() throws Exception {
        Path file = dir.resolve("users.properties");
        Files.writeString(file, "operator = secret,_g_:admingroup\n_g_\\:admingroup = group,admin,viewer\n"
                + "_g_\\:viewergroup = group,viewer\n");
        UsersFile users = new UsersFile(new PropertiesBackingEngineFactory(), Map.of("users", file.toString()));
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        List<String> torn = new ArrayList<>();
        Thread reader = new Thread(() -> {
            while (writing.get()) {
                try {
                    Properties p = new Properties();
                    p.load(new StringReader(Files.readString(file)));
                    reads.incrementAndGet();
                    if (!"secret,_g_:admingroup".equals(p.getProperty("operator"))
                            || p.getProperty("_g_:viewergroup") == null || p.containsKey("_g_")) {
                        torn.add(p.toString());
                    }
                } catch (Exception e) {
                    torn.add(e.toString());
                }
            }
        });
        reader.start();
        for (int i = 0; i < 100; i++) {
            String name = "user" + i;
            users.change(engine -> {
                engine.addUser(name, "password-" + name);
                engine.addGroup(name, "viewergroup");
                return null;
            });
        }
        writing.set(false);
        reader.join(10_000);

        assertTrue(torn.isEmpty(), () -> torn.size() + " of " + reads.get() + " reads saw a torn file, first: " + torn.get(0));
        assertTrue(reads.get() > 0, "the reader read");
        assertEquals(Integer.valueOf(101), users.read(engine -> engine.listUsers().size()));
        assertEquals(List.of("viewergroup"), users.read(engine -> engine.listGroups(new UserPrincipal("user99")))
                .stream().map(GroupPrincipal::getName).toList());
        try (var left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList(), "no edit copy is left behind");
        }
    }

    @Test
    void aFailedChangeLeavesTheFileAsItWas() throws Exception {
        Path file = dir.resolve("users.properties");
        String before = "operator = secret,_g_:admingroup\n";
        Files.writeString(file, before);
        UsersFile users = new UsersFile(new PropertiesBackingEngineFactory(), Map.of("users", file.toString()));
        try {
            users.change(engine -> {
                engine.addUser("alice", "password-alice");
                throw new IllegalStateException("stop");
            });
        } catch (IllegalStateException expected) {
            // the change failed half-way: the copy is dropped
        }
        assertEquals(before, Files.readString(file));
        try (var left = Files.list(dir)) {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().endsWith(".steward-edit")), "no copy left");
        }
    }
}
