package dev.steward.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;

import com.sun.net.httpserver.HttpServer;

/**
 * The kernel's crash test on the real distribution: 200 flows of 3 steps post to an HTTP sink that counts
 * calls per idempotency key; the platform is killed with -9 mid-run and started again. All flows complete,
 * no step whose completion was journaled before the crash is called again, and a step that runs again
 * carries the same idempotency key.
 */
public class FlowCrashIT {

    private static final int SSH_PORT = 18501;
    private static final int STORE_PORT = 17999;
    private static final int FLOWS = 200;

    private static final int EFFECTS = 10;

    private final Map<String, List<Long>> callsByKey = new ConcurrentHashMap<>();
    /** While set, the sink takes requests and never answers them: deliveries hang until the kill cuts them off. */
    private volatile CountDownLatch hold;
    private final AtomicInteger calls = new AtomicInteger();
    private HttpServer sink;
    private Path home;

    @After
    public void tearDown() throws Exception {
        if (home != null) {
            Shell.run(60, home, home.resolve("bin/steward").toString(), "stop");
        }
        if (sink != null) {
            sink.stop(0);
        }
    }

    @Test
    public void allFlowsCompleteAfterAKillAndNoJournaledStepRunsTwice() throws Exception {
        startWithSampleFlows("crash", "");
        Shell.Result started = Shell.client(home, SSH_PORT, 300, "steward:flow-start --count " + FLOWS + " sample-sink");
        assertTrue(started.output(), started.output().contains("Started " + FLOWS + " flows"));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (calls.get() < FLOWS / 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long karaf = Long.parseLong(Files.readString(home.resolve("karaf.pid")).strip());
        ProcessHandle.of(karaf).orElseThrow().destroyForcibly();
        long crashedAt = System.currentTimeMillis();
        int callsAtCrash = calls.get();
        assertTrue("killed mid-run: " + callsAtCrash + " of " + 3 * FLOWS + " calls", callsAtCrash < 3 * FLOWS);
        while (ProcessHandle.of(karaf).map(ProcessHandle::isAlive).orElse(false)) {
            Thread.sleep(100);
        }

        long restartedAt = System.currentTimeMillis();
        Shell.Result restart = Shell.steward(home, 300, "start");
        assertEquals(restart.output(), 0, restart.exit());
        Shell.awaitOutput(home, SSH_PORT, "steward:flow-list --status COMPLETED --count", out -> out.strip().equals(Integer.toString(FLOWS)), 240);
        assertEquals("0", Shell.client(home, SSH_PORT, 60, "steward:flow-list --status RUNNING --count").output().strip());

        List<Record> steps = journal("MATCH (f:FlowInstance {definitionId: 'sample-sink'})-[:HAS_STEP]->(s:StepRun) "
                + "RETURN s.idempotencyKey AS key, s.finishedAt AS finishedAt, s.status AS status");
        assertEquals(3 * FLOWS, steps.size());
        int rerun = 0;
        for (Record step : steps) {
            String key = step.get("key").asString();
            assertEquals("SUCCEEDED", step.get("status").asString());
            List<Long> received = callsByKey.getOrDefault(key, List.of());
            assertTrue(key + " reached the sink", received.size() >= 1);
            assertTrue(key + " called " + received.size() + " times", received.size() <= 2);
            if (Instant.parse(step.get("finishedAt").asString()).toEpochMilli() < crashedAt) {
                assertEquals("journaled before the crash, so never called again: " + key, 1, received.size());
            }
            if (received.size() == 2) {
                rerun++;
                assertTrue("a re-run step was called once before the restart and once after it: " + received,
                        received.get(0) < restartedAt && received.get(1) >= restartedAt);
            }
        }
        assertEquals("the sink saw no key the journal does not know", 3 * FLOWS, callsByKey.size());
        System.out.printf("crash test: %d calls before the kill, %d steps run again after it, %d calls in all%n",
                callsAtCrash, rerun, calls.get());
    }

    /**
     * The outbox across a kill: flows whose step asks for one effect each; the sink takes every delivery and does not
     * answer, so each effect's step result is journaled and its delivery is under way, not marked, when Karaf is
     * killed with -9. After the restart each effect is delivered again, with the same key, and marked DELIVERED; the
     * sink saw no key the journal does not know, and each key's second call came after the restart.
     */
    @Test
    public void anEffectCutOffByAKillIsDeliveredAgainWithTheSameKey() throws Exception {
        hold = new CountDownLatch(1);
        startWithSampleFlows("outbox-crash", "timeout.ms = 600000\n");
        Shell.Result started = Shell.client(home, SSH_PORT, 120, "steward:flow-start --count " + EFFECTS + " sample-outbox");
        assertTrue(started.output(), started.output().contains("Started " + EFFECTS + " flows"));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (callsByKey.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20); // the outbox delivers two at a time: two deliveries hang, the rest wait their turn
        }
        assertEquals("deliveries under way at the kill", 2, callsByKey.size());
        Shell.awaitOutput(home, SSH_PORT, "steward:flow-list --status COMPLETED --count",
                out -> out.strip().equals(Integer.toString(EFFECTS)), 60); // every step journaled before the kill
        assertEquals("still only the two hanging deliveries", 2, callsByKey.size());
        long karaf = Long.parseLong(Files.readString(home.resolve("karaf.pid")).strip());
        ProcessHandle.of(karaf).orElseThrow().destroyForcibly();
        while (ProcessHandle.of(karaf).map(ProcessHandle::isAlive).orElse(false)) {
            Thread.sleep(100);
        }
        Map<String, Integer> cutOff = new java.util.HashMap<>();
        callsByKey.forEach((k, v) -> cutOff.put(k, v.size()));
        hold.countDown();
        hold = null;

        long restartedAt = System.currentTimeMillis();
        Shell.Result restart = Shell.steward(home, 300, "start");
        assertEquals(restart.output(), 0, restart.exit());
        Shell.awaitOutput(home, SSH_PORT, "steward:outbox --status DELIVERED", out -> out.lines()
                .filter(l -> l.contains(" DELIVERED ")).count() == EFFECTS, 240);

        List<Record> effects = journal("MATCH (s:StepRun)-[:REQUESTED]->(o:OutboxEffect) "
                + "RETURN o.key AS key, o.status AS status, s.idempotencyKey AS step");
        assertEquals(EFFECTS, effects.size());
        for (Record effect : effects) {
            String key = effect.get("key").asString();
            assertEquals(key, effect.get("step").asString() + "#1", key);
            assertEquals(key, "DELIVERED", effect.get("status").asString());
            List<Long> received = callsByKey.getOrDefault(key, List.of());
            if (cutOff.containsKey(key)) {
                assertEquals("cut off by the kill, then delivered again with the same key: " + key, 2, received.size());
                assertTrue("the second delivery came after the restart", received.get(1) >= restartedAt);
            } else {
                assertEquals("delivered once: " + key, 1, received.size());
            }
        }
        assertEquals("the sink saw no key the outbox does not know", EFFECTS, callsByKey.size());
    }

    /** Starts the sink, then a distribution of its own with the sample sink feature installed live. */
    private void startWithSampleFlows(String name, String moreSinkSettings) throws Exception {
        startSink();
        home = Shell.unpack(name, SSH_PORT, STORE_PORT);
        Files.writeString(home.resolve("etc/dev.steward.sample.sink.cfg"),
                "url = http://127.0.0.1:" + sink.getAddress().getPort() + "/sink\n" + moreSinkSettings);
        Shell.Result start = Shell.steward(home, 300, "start");
        assertEquals(start.output(), 0, start.exit());
        Shell.Result install = Shell.client(home, SSH_PORT, 120, "feature:install --no-auto-refresh steward-sample-sink");
        assertEquals(install.output(), 0, install.exit());
        Shell.awaitOutput(home, SSH_PORT, "steward:status -v", out -> out.contains("ACTIVE    dev.steward.sample.sink"), 60);
    }

    private void startSink() throws IOException {
        sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        sink.setExecutor(Executors.newFixedThreadPool(8));
        sink.createContext("/sink", exchange -> {
            long arrived = System.currentTimeMillis();
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            exchange.getRequestBody().readAllBytes();
            try {
                Thread.sleep(100); // a real endpoint takes a moment: the kill lands mid-run, however fast the flows start
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            callsByKey.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(arrived);
            calls.incrementAndGet();
            CountDownLatch held = hold;
            if (held != null) {
                try {
                    held.await(300, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close(); // the caller is gone: it was killed
                return;
            }
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        sink.start();
    }

    private List<Record> journal(String cypher) throws IOException {
        String password = Files.readString(home.resolve("data/steward/store.password")).strip();
        try (Driver driver = GraphDatabase.driver("bolt://127.0.0.1:" + STORE_PORT, AuthTokens.basic("neo4j", password));
                var session = driver.session()) {
            return session.run(cypher).list();
        }
    }
}
