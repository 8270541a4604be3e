package dev.steward.definitions.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class FlowCatalogTest {

    private final FakePublisher publisher = new FakePublisher();
    private final FlowCatalog catalog = new FlowCatalog(Path.of("/steward/etc/steward/flows"), publisher);
    private final Map<String, String> files = new TreeMap<>();

    private static String flow(String id, int version, String capability) {
        return "id: " + id + "\nversion: " + version + "\nsteps:\n  - id: one\n    capability: " + capability + "\n";
    }

    private List<String> pass() {
        return catalog.apply(new FlowDirectory.Contents(Map.copyOf(files), Map.of()));
    }

    @Test
    void goodThenBrokenKeepsTheGoodVersionAndReportsTheErrorOnce() {
        files.put("a.yaml", flow("a", 1, "x"));
        assertEquals(List.of(), pass());
        assertEquals(Set.of("a v1 a.yaml"), publisher.offered());

        files.put("a.yaml", "id: a\nversion: 2\nsteps:\n  - id: one\n    capabilty: x\n");
        assertEquals(List.of("a.yaml:5:5: unknown key 'capabilty' in a step; expected capability, compensation, dependsOn, id,"
                + " input, retry, timeout, wait"), pass());
        assertEquals(List.of(), pass(), "an error is logged once");
        assertEquals(Set.of("a v1 a.yaml"), publisher.offered());
        assertEquals(List.of(new FlowFilesReport.Flow("a", List.of(1), "a.yaml")), catalog.loaded());
        assertTrue(catalog.errors().get("a.yaml").startsWith("a.yaml:5:5: unknown key 'capabilty'"));

        files.put("a.yaml", "id: a\nversion: 2\nsteps:\n  - id: one\n    capabilty: y\n");
        assertEquals(1, pass().size(), "a changed file is reported again, even with the same error");

        files.put("a.yaml", flow("a", 2, "x"));
        assertEquals(List.of(), pass());
        assertEquals(Set.of("a v1 a.yaml", "a v2 a.yaml"), publisher.offered());
        assertEquals(Map.of(), catalog.errors());
    }

    @Test
    void aNewVersionIsOfferedBesideTheOldOnes() {
        files.put("a.yaml", flow("a", 1, "x"));
        pass();
        files.put("a.yaml", flow("a", 2, "y"));
        pass();
        files.put("a.yaml", flow("a", 5, "z"));
        pass();
        assertEquals(Set.of("a v1 a.yaml", "a v2 a.yaml", "a v5 a.yaml"), publisher.offered());
        assertEquals(List.of(new FlowFilesReport.Flow("a", List.of(1, 2, 5), "a.yaml")), catalog.loaded());
    }

    @Test
    void changedContentUnderTheSameVersionIsRefused() {
        files.put("a.yaml", flow("a", 2, "x"));
        pass();
        files.put("a.yaml", flow("a", 2, "y"));
        assertEquals(List.of("a.yaml:2:10: version 2 is already loaded with different content; raise the version"), pass());
        assertEquals(Set.of("a v2 a.yaml"), publisher.offered());
        assertEquals("x", publisher.published().get(0).steps().get(0).capability());
    }

    @Test
    void onlyCommentsOrLayoutChangedIsNoNewVersion() {
        files.put("a.yaml", flow("a", 1, "x"));
        pass();
        files.put("a.yaml", "# the same flow\nid: a\nversion: 1\nsteps: [{id: one, capability: x}]\n");
        assertEquals(List.of(), pass());
        assertEquals(1, publisher.published().size());
        assertEquals(Map.of(), catalog.errors());
    }

    @Test
    void goingBackToAnOlderVersionIsRefused() {
        files.put("a.yaml", flow("a", 1, "x"));
        pass();
        files.put("a.yaml", flow("a", 3, "x"));
        pass();
        files.put("a.yaml", flow("a", 2, "x"));
        assertEquals(List.of("a.yaml:2:10: version 2 is older than version 3, which this file already loaded, and new flows"
                + " start on the newest: raise the version"), pass());
        assertEquals(Set.of("a v1 a.yaml", "a v3 a.yaml"), publisher.offered());
    }

    @Test
    void deletingAFileWithdrawsItsVersions() {
        files.put("a.yaml", flow("a", 1, "x"));
        files.put("b.yaml", flow("b", 1, "x"));
        pass();
        files.put("a.yaml", flow("a", 2, "x"));
        pass();
        files.remove("a.yaml");
        pass();
        assertEquals(Set.of("b v1 b.yaml"), publisher.offered());
        assertEquals(List.of(new FlowFilesReport.Flow("b", List.of(1), "b.yaml")), catalog.loaded());

        files.put("a.yaml", flow("a", 1, "y"));
        assertEquals(List.of(), pass(), "a file put back starts afresh");
        assertEquals(Set.of("a v1 a.yaml", "b v1 b.yaml"), publisher.offered());
    }

    @Test
    void deletingABrokenFileClearsItsError() {
        files.put("bad.yaml", "id: [\n");
        assertEquals(1, pass().size());
        files.remove("bad.yaml");
        pass();
        assertEquals(Map.of(), catalog.errors());
    }

    @Test
    void aVersionIsLoadedFromOneFileOnlyButVersionsMaySpreadOverFiles() {
        files.put("a-v1.yaml", flow("a", 1, "x"));
        files.put("a-v2.yaml", flow("a", 2, "x"));
        files.put("copy.yaml", flow("a", 2, "x"));
        assertEquals(List.of("copy.yaml:1:5: flow 'a' version 2 is already loaded from a-v2.yaml"), pass());
        assertEquals(Set.of("a v1 a-v1.yaml", "a v2 a-v2.yaml"), publisher.offered());

        files.remove("a-v2.yaml");
        assertEquals(List.of(), pass(), "the error goes with the file that caused it");
        assertEquals(Set.of("a v1 a-v1.yaml", "a v2 copy.yaml"), publisher.offered());
        assertEquals(Map.of(), catalog.errors());
    }

    @Test
    void aFileThatNowDefinesAnotherFlowWithdrawsTheFirst() {
        files.put("a.yaml", flow("a", 1, "x"));
        pass();
        files.put("a.yaml", flow("b", 1, "x"));
        pass();
        assertEquals(Set.of("b v1 a.yaml"), publisher.offered());
    }

    @Test
    void anUnreadableFileKeepsWhatItOfferedAndIsReportedOnce() {
        files.put("a.yaml", flow("a", 1, "x"));
        pass();
        FlowDirectory.Contents unreadable = new FlowDirectory.Contents(Map.of(), Map.of("a.yaml", "the file is not UTF-8 text"));
        assertEquals(List.of("a.yaml: the file is not UTF-8 text"), catalog.apply(unreadable));
        assertEquals(List.of(), catalog.apply(unreadable));
        assertEquals(Set.of("a v1 a.yaml"), publisher.offered());
        assertEquals(List.of(), pass());
        assertEquals(Map.of(), catalog.errors());
    }

    @Test
    void withdrawAllEmptiesEverything() {
        files.put("a.yaml", flow("a", 1, "x"));
        files.put("b.yaml", flow("b", 1, "x"));
        pass();
        catalog.withdrawAll();
        assertEquals(Set.of(), publisher.offered());
        assertEquals(List.of(), catalog.loaded());
    }
}
