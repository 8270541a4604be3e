package dev.steward.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assume.assumeTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/**
 * Benchmark, opt-in ({@code -Dsteward.bench=true -Dit.test=WebhookInboundBench}; not an IT, so a normal build never
 * runs it): signed webhook deliveries per second into flow starts on the real distribution, started by its script.
 * A hook starts the shipped example flow (whose first step is a one-minute timer, so every started flow stays
 * running); {@code -Dsteward.bench.clients} concurrent senders (default 1, 4 and 8 in turn) each send
 * {@code -Dsteward.bench.deliveries} new deliveries (default 500), then the same deliveries again (answered as
 * duplicates). Every delivery's answer is checked, and the journal must hold exactly one flow per delivery.
 */
public class WebhookInboundBench {

    private static final int SSH_PORT = 18721;
    private static final int STORE_PORT = 17889;
    private static final int HOOK_PORT = 18793;
    private static final String SECRET = "bench-secret";

    private final SignedHook hooks = new SignedHook(HOOK_PORT, SECRET);
    private final AtomicInteger next = new AtomicInteger();
    private Path home;

    @After
    public void tearDown() throws Exception {
        if (home != null) {
            Shell.steward(home, 60, "stop");
        }
    }

    @Test
    public void deliveriesPerSecondIntoFlowStarts() throws Exception {
        assumeTrue("opt-in: -Dsteward.bench=true", Boolean.getBoolean("steward.bench"));
        int deliveries = Integer.getInteger("steward.bench.deliveries", 500);
        home = Shell.unpack("webhook-bench", SSH_PORT, STORE_PORT);
        Path secret = home.resolve("etc/hook.secret");
        Files.writeString(secret, SECRET + "\n");
        Files.writeString(home.resolve("etc/dev.steward.connector.webhook-bench.cfg"), "flow = example-followup\n"
                + "port = " + HOOK_PORT + "\nauth = hmac\nsecret.ref = file:" + secret + "\n");
        assertEquals(0, Shell.steward(home, 300, "start").exit());
        assertEquals(0, Shell.client(home, SSH_PORT, 120, "feature:install --no-auto-refresh steward-connector-webhook").exit());
        long warm = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        for (int s = status(deliver("warm-0")); s != 202 && s != 200 && System.nanoTime() < warm; s = status(deliver("warm-0"))) {
            Thread.sleep(250); // the hook listens once the feature's bundles and the store are up
        }
        run(1, 200, "warm-up");
        int sent = 201;
        String clients = System.getProperty("steward.bench.clients", "1,4,8");
        for (String c : clients.split(",")) {
            sent += run(Integer.parseInt(c.strip()), deliveries, "clients=" + c.strip());
        }
        assertEquals(sent, flows());
    }

    /** Sends new deliveries from {@code clients} threads, then the same ones again; prints both rates. */
    private int run(int clients, int perClient, String label) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < clients * perClient; i++) {
            ids.add("d-" + next.incrementAndGet());
        }
        double[] fresh = send(clients, ids, 202);
        double[] again = send(clients, ids, 200);
        System.out.printf("webhook bench %s: %d deliveries, new: %.0f flow starts/s, latency p50 %.2f ms p99 %.2f ms;"
                + " the same again (duplicates): %.0f answers/s, p50 %.2f ms p99 %.2f ms%n", label, ids.size(),
                fresh[0], fresh[1], fresh[2], again[0], again[1], again[2]);
        return ids.size();
    }

    /** @return deliveries per second, p50 and p99 latency in ms; every answer must have the expected status */
    private double[] send(int clients, List<String> ids, int expected) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        double[] ms = new double[ids.size()];
        List<Callable<Void>> work = new ArrayList<>();
        AtomicInteger cursor = new AtomicInteger();
        for (int c = 0; c < clients; c++) {
            work.add(() -> {
                for (int i = cursor.getAndIncrement(); i < ids.size(); i = cursor.getAndIncrement()) {
                    long t = System.nanoTime();
                    HttpResponse<String> answer = deliver(ids.get(i));
                    ms[i] = (System.nanoTime() - t) / 1e6;
                    if (answer.statusCode() != expected) {
                        throw new AssertionError(ids.get(i) + ": " + answer.statusCode() + " " + answer.body());
                    }
                }
                return null;
            });
        }
        long t0 = System.nanoTime();
        for (Future<Void> f : pool.invokeAll(work)) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        Arrays.sort(ms);
        return new double[] {ids.size() / seconds, ms[ms.length / 2], ms[(int) Math.ceil(ms.length * 0.99) - 1]};
    }

    private static int status(HttpResponse<String> answer) {
        return answer == null ? -1 : answer.statusCode();
    }

    private HttpResponse<String> deliver(String delivery) throws Exception {
        try {
            return hooks.deliver("bench", "{\"contact\":\"" + delivery + "@example.com\"}", delivery);
        } catch (java.io.IOException notYet) {
            if (delivery.equals("warm-0")) {
                return null;
            }
            throw notYet;
        }
    }

    private long flows() throws Exception {
        String password = Files.readString(home.resolve("data/steward/store.password")).strip();
        try (Driver driver = GraphDatabase.driver("bolt://127.0.0.1:" + STORE_PORT, AuthTokens.basic("neo4j", password));
                var session = driver.session()) {
            return session.run("MATCH (f:FlowInstance {definitionId: 'example-followup'}) WHERE f.startKey STARTS WITH $p "
                    + "RETURN count(f) AS n", Map.of("p", "webhook-bench:")).single().get("n").asLong();
        }
    }
}
