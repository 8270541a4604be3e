package dev.steward.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.karaf.features.FeaturesService;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import com.sun.net.httpserver.HttpServer;

import dev.steward.api.flow.FlowStatus;

/**
 * The file-drop connector add-on in the real distribution: installed live without refreshing the platform, a drop
 * folder configured by a factory configuration file in etc/ (FileInstall); a CSV file dropped there starts the sample
 * flow once per row and is moved to processed/, a malformed one is moved to quarantine/ with a reason file and starts
 * nothing, the same content again starts nothing; the uninstall leaves the platform as it was. The methods run in
 * name order and share one container.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class FileDropAddonIT extends AddonTestBase {

    private static final String FEATURE = "steward-connector-file";
    private static final String DROP = "itest";
    private static final String ROUTE = "steward-connector-file-" + DROP;

    /** Shared by the ordered methods: one container for the class. */
    private static AddonWatch watch;
    private static HttpServer sink;
    private static Path folder;
    private static final AtomicInteger sinkCalls = new AtomicInteger();

    @Test
    public void a_installedLiveACsvFileStartsTheSampleFlowOncePerRow() throws Exception {
        watch = readyPlatform();

        sink = startSink(sinkCalls);
        folder = Files.createTempDirectory("steward-drop-itest").resolve("in");
        Path etc = Path.of(System.getProperty("karaf.etc"));
        AddonWatch.replaceWhole(etc.resolve("dev.steward.sample.sink.cfg"), "url = http://127.0.0.1:" + sink.getAddress().getPort() + "/sink\n");
        AddonWatch.replaceWhole(etc.resolve("dev.steward.connector.file-" + DROP + ".cfg"),
                "flow = sample-sink\nfolder = " + folder + "\npoll.ms = 200\nstable.ms = 200\n");
        AddonWatch.await("FileInstall read the files", 30_000, () -> AddonWatch.configured(configAdmin, "(service.pid=dev.steward.sample.sink)")
                && AddonWatch.configured(configAdmin, "(&(service.factoryPid=dev.steward.connector.file)(flow=sample-sink))"));

        features.installFeature("steward-sample-sink", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        addons.install(FEATURE, null, "itest"); // from the shipped catalog: checksums and range checked first
        AddonWatch.await("sample flow known", 60_000, () -> flows.definitions().stream().anyMatch(d -> d.id().equals("sample-sink")));
        AddonWatch.await("drop route started", 60_000, () -> camel.getRoute(ROUTE) != null
                && camel.getRouteController().getRouteStatus(ROUTE).isStarted());
        Bundle connector = AddonWatch.bundle(bundleContext, "dev.steward.connector.file");
        assertNotNull("the connector bundle is installed", connector);
        assertEquals("the connector bundle is active", Bundle.ACTIVE, connector.getState());

        String csv = "note\nfirst from a file\nsecond from a file\n";
        drop("notes.csv", csv);
        AddonWatch.await("notes.csv moved to processed", 60_000, () -> moved("notes.csv", "processed"));
        AddonWatch.await("two sample flows completed", 120_000, () -> sampleFlows().size() == 2
                && sampleFlows().stream().allMatch(f -> f.status() == FlowStatus.COMPLETED));
        assertEquals("each row is a flow's input", List.of("first from a file", "second from a file"),
                sampleFlows().stream().map(f -> String.valueOf(f.input().get("note"))).sorted().collect(Collectors.toList()));
        assertEquals("the sample flow's three steps per row reached the sink", 6, sinkCalls.get());

        drop("broken.csv", "note\n\"never closed\n");
        AddonWatch.await("broken.csv moved to quarantine", 60_000, () -> moved("broken.csv", "quarantine"));
        Path reason = reasonFile("broken-");
        String why = Files.readString(reason, StandardCharsets.UTF_8);
        assertTrue("the reason names the problem: " + why, why.contains("reason: malformed CSV: "));
        assertTrue("the reason says where: " + why, why.contains("where: line 2"));
        assertTrue("the reason says when: " + why, why.contains("quarantined at: 20"));

        drop("notes-again.csv", csv);
        AddonWatch.await("notes-again.csv moved to processed", 60_000, () -> moved("notes-again.csv", "processed"));
        Thread.sleep(1000); // a flow wrongly started by the quarantined or repeated file would have shown up by now
        assertEquals("still one flow per row: " + sampleFlows(), 2, sampleFlows().size());
        assertEquals("no further sink calls", 6, sinkCalls.get());
    }

    @Test
    public void b_uninstalledItsRoutesAreGoneAndThePlatformWasNotTouched() throws Exception {
        assertNotNull("the first method started watching the platform", watch);
        try {
            addons.uninstall(FEATURE, "itest");
            features.uninstallFeature("steward-sample-sink", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
            AddonWatch.await("drop routes removed", 30_000, () -> camel.getRoute(ROUTE) == null && camel.getRoute(ROUTE + "-record") == null);
            assertNull("the connector bundle is gone", AddonWatch.bundle(bundleContext, "dev.steward.connector.file"));
        } finally {
            if (sink != null) {
                sink.stop(0);
            }
        }
        drop("after.csv", "note\nafter the uninstall\n");
        Thread.sleep(1000); // the folder is no longer polled: the file stays
        assertTrue("a file dropped after the uninstall stays where it is", Files.exists(folder.resolve("after.csv")));

        watch.assertPlatformUntouched(FEATURE);
        assertTrue("the Camel context still runs", camel.getStatus().isStarted());
    }

    /** Writes the file under a .tmp name and renames it, as an operator's tool should: never read half written. */
    private static void drop(String name, String content) throws IOException {
        Files.createDirectories(folder);
        Path tmp = folder.resolve(name + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Whether the file left the drop folder for the subfolder, named with the time it was moved. */
    private static boolean moved(String name, String to) {
        String base = name.substring(0, name.lastIndexOf('.'));
        return !Files.exists(folder.resolve(name)) && names(folder.resolve(to)).stream()
                .anyMatch(n -> n.startsWith(base + "-2") && !n.endsWith(".reason.txt"));
    }

    private static Path reasonFile(String prefix) {
        List<String> found = names(folder.resolve("quarantine")).stream()
                .filter(n -> n.startsWith(prefix) && n.endsWith(".reason.txt")).collect(Collectors.toList());
        assertEquals("one reason file " + prefix + "*: " + found, 1, found.size());
        assertFalse(found.get(0).isEmpty());
        return folder.resolve("quarantine").resolve(found.get(0));
    }

    private static List<String> names(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toList());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
