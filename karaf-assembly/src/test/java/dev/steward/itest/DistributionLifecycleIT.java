package dev.steward.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * The distribution as an operator runs it, through {@code bin/steward}: start, status, the platform or the
 * store killed with -9, restart, stop. Ports are moved off the defaults so a running Steward is not hit.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class DistributionLifecycleIT {

    private static final int SSH_PORT = 18301;
    private static final int STORE_PORT = 17799;
    private static Path home;

    @BeforeClass
    public static void unpack() throws Exception {
        home = Shell.unpack("lifecycle", SSH_PORT, STORE_PORT);
    }

    @AfterClass
    public static void stop() throws Exception {
        if (home != null) {
            steward(60, "stop");
        }
    }

    @Test
    public void a_startsReadyWithAQuietLogAndReportsStatus() throws Exception {
        Shell.Result start = steward(300, "start");
        assertEquals(start.output(), 0, start.exit());
        assertTrue(start.output(), start.output().contains(": READY"));
        assertTrue(start.output(), start.output().contains("operator.password"));
        List<String> log = Files.readAllLines(home.resolve("data/log/karaf.log"));
        // an exception logged with or without its trace; "Exception" as a whole word ending, so that a name such as
        // the service dev.steward.api.fabric.ExceptionsInbox (in "command registration delayed" lines) is not one
        Pattern noisy = Pattern.compile("^\\tat |Exception\\b|\\| (WARN|ERROR) ");
        List<String> found = log.stream().filter(line -> noisy.matcher(line).find()).limit(60).toList();
        assertTrue("no warning, error or stack trace on a clean start; the log has " + log.size() + " lines, and these:\n"
                + String.join("\n", found), found.isEmpty());

        Shell.Result status = steward(60, "status");
        assertEquals(status.output(), 0, status.exit());
        assertTrue(status.output(), status.output().matches("(?s).*store +UP +connected to bolt://127\\.0\\.0\\.1:" + STORE_PORT + ".*"));
    }

    @Test
    public void b_platformKilledWithMinus9_storeStopsItselfAndTheNextStartRecovers() throws Exception {
        long karaf = pid("karaf.pid");
        long store = pid("data/steward/store.pid");
        ProcessHandle.of(karaf).orElseThrow().destroyForcibly();
        awaitGone(karaf, 20);
        awaitGone(store, 20);

        Shell.Result start = steward(300, "start");
        assertEquals(start.output(), 0, start.exit());
        assertTrue(start.output(), start.output().contains(": READY"));
        assertNotEquals(store, pid("data/steward/store.pid"));
    }

    @Test
    public void c_storeKilledWithMinus9_isRestartedAndStatusRecovers() throws Exception {
        long store = pid("data/steward/store.pid");
        ProcessHandle.of(store).orElseThrow().destroyForcibly();
        awaitGone(store, 20);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Shell.Result status;
        do {
            Thread.sleep(1000);
            status = steward(60, "status");
        } while (status.exit() != 0 && System.nanoTime() < deadline);
        assertEquals(status.output(), 0, status.exit());
        assertNotEquals(store, pid("data/steward/store.pid"));
    }

    @Test
    public void d_stopBringsBothProcessesDownWithin15Seconds() throws Exception {
        long karaf = pid("karaf.pid");
        long store = pid("data/steward/store.pid");
        long t0 = System.nanoTime();
        Shell.Result stop = steward(60, "stop");
        assertEquals(stop.output(), 0, stop.exit());
        awaitGone(karaf, 15 - secondsSince(t0));
        awaitGone(store, 15 - secondsSince(t0));
        assertEquals(3, steward(30, "status").exit());
    }

    private static long secondsSince(long t0) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
    }

    private static long pid(String file) throws IOException {
        return Long.parseLong(Files.readString(home.resolve(file)).strip());
    }

    private static void awaitGone(long pid, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(seconds, 1));
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("process " + pid + " still alive after " + seconds + " s");
            }
            Thread.sleep(200);
        }
    }

    private static Shell.Result steward(int timeoutSeconds, String command) throws Exception {
        return Shell.steward(home, timeoutSeconds, command);
    }
}
