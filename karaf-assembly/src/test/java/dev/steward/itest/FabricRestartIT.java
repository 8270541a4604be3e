package dev.steward.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/**
 * The fabric's durability on the real distribution, driven as an operator would. Two webhooks: {@code orders} starts
 * the shipped example flow, {@code later} a flow that is not defined yet, so that each of its deliveries is a poison
 * message. Karaf is killed with -9 after both kinds have been handled; after the restart the delivery consumed before
 * the kill is answered as a duplicate and starts nothing (the durable idempotent repository and the keyed start), the
 * poison message is still in the exceptions inbox with its reason, and once the missing definition is dropped into
 * {@code etc/steward/flows} a replay starts its flow, once.
 */
public class FabricRestartIT {

    private static final int SSH_PORT = 18711;
    private static final int STORE_PORT = 17899;
    private static final int HOOK_PORT = 18783;
    private static final String SECRET = "fabric-restart-secret";
    private static final Pattern FLOW_ID = Pattern.compile("\"flowId\"\\s*:\\s*\"([^\"]+)\"");

    private final SignedHook hooks = new SignedHook(HOOK_PORT, SECRET);
    private Path home;

    @After
    public void tearDown() throws Exception {
        if (home != null) {
            Shell.steward(home, 60, "stop");
        }
    }

    @Test
    public void aConsumedDeliveryIsNotConsumedAgainAfterAKillAndAPoisonMessageIsReplayedAfterTheFix() throws Exception {
        home = Shell.unpack("fabric-restart", SSH_PORT, STORE_PORT);
        Path secret = home.resolve("etc/hook.secret");
        Files.writeString(secret, SECRET + "\n");
        hook("orders", "example-followup", secret);
        hook("later", "it-later", secret);
        Shell.Result start = Shell.steward(home, 300, "start");
        assertEquals(start.output(), 0, start.exit());
        Shell.Result install = Shell.client(home, SSH_PORT, 120, "feature:install --no-auto-refresh steward-connector-webhook");
        assertEquals(install.output(), 0, install.exit());
        Shell.awaitOutput(home, SSH_PORT, "steward:status -v", out -> out.contains("ACTIVE    dev.steward.connector.webhook"), 60);

        HttpResponse<String> first = awaitListening("orders", "{\"contact\":\"ann@example.com\"}", "order-1");
        assertEquals(first.body(), 202, first.statusCode());
        Matcher started = FLOW_ID.matcher(first.body());
        assertTrue(first.body(), started.find());
        HttpResponse<String> again = hooks.deliver("orders", "{\"contact\":\"ann@example.com\"}", "order-1");
        assertEquals("a redelivery before the kill is a duplicate: " + again.body(), 200, again.statusCode());

        HttpResponse<String> poison = hooks.deliver("later", "{\"what\":\"a poison message\"}", "later-1");
        assertEquals("the sender is told the delivery is held: " + poison.body(), 202, poison.statusCode());
        assertTrue(poison.body(), poison.body().contains("\"held\""));
        String letters = Shell.awaitOutput(home, SSH_PORT, "steward:dead-letters --status OPEN",
                out -> out.contains("steward-connector-webhook-later"), 60);
        assertTrue("the letter keeps its reason: " + letters, letters.contains("it-later"));

        long karaf = Long.parseLong(Files.readString(home.resolve("karaf.pid")).strip());
        ProcessHandle.of(karaf).orElseThrow().destroyForcibly();
        while (ProcessHandle.of(karaf).map(ProcessHandle::isAlive).orElse(false)) {
            Thread.sleep(100);
        }
        Shell.Result restart = Shell.steward(home, 300, "start");
        assertEquals(restart.output(), 0, restart.exit());

        HttpResponse<String> afterKill = awaitListening("orders", "{\"contact\":\"ann@example.com\"}", "order-1");
        assertEquals("consumed before the kill, so a duplicate after it: " + afterKill.body(), 200, afterKill.statusCode());
        assertTrue(afterKill.body(), afterKill.body().contains("\"duplicate\""));
        HttpResponse<String> second = hooks.deliver("orders", "{\"contact\":\"bob@example.com\"}", "order-2");
        assertEquals("a new delivery after the restart starts its flow: " + second.body(), 202, second.statusCode());
        assertEquals(Map.of("webhook-orders:order-1", 1L, "webhook-orders:order-2", 1L), flowsByStartKey("example-followup"));

        letters = Shell.client(home, SSH_PORT, 60, "steward:dead-letters --status OPEN").output();
        Matcher letter = Pattern.compile("(?m)^(\\S+)\\s+OPEN\\s+steward-connector-webhook-later").matcher(letters);
        assertTrue("the poison message survived the kill in the inbox: " + letters, letter.find());

        Files.writeString(home.resolve("etc/steward/flows/it-later.yaml"), "id: it-later\nversion: 1\n"
                + "description: defined after its first delivery\ninputs:\n  - {name: what, type: string}\n"
                + "steps:\n  - id: pause\n    wait: {timer: PT1H}\n");
        Shell.awaitOutput(home, SSH_PORT, "steward:flow-definitions", out -> out.contains("it-later"), 60);
        Shell.Result replay = Shell.client(home, SSH_PORT, 60, "steward:dead-letter-replay " + letter.group(1));
        assertTrue(replay.output(), replay.output().contains("Dead letter " + letter.group(1) + " replayed"));
        assertEquals(Map.of("webhook-later:later-1", 1L), flowsByStartKey("it-later"));
        HttpResponse<String> late = hooks.deliver("later", "{\"what\":\"a poison message\"}", "later-1");
        assertEquals("a replayed delivery is not consumed again: " + late.body(), 200, late.statusCode());
        assertEquals(Map.of("webhook-later:later-1", 1L), flowsByStartKey("it-later"));
        String replayed = Shell.client(home, SSH_PORT, 60, "steward:dead-letters --status REPLAYED").output();
        assertTrue(replayed, replayed.contains(letter.group(1)));
    }

    private void hook(String name, String flow, Path secret) throws IOException {
        Files.writeString(home.resolve("etc/dev.steward.connector.webhook-" + name + ".cfg"), "flow = " + flow + "\n"
                + "port = " + HOOK_PORT + "\nauth = hmac\nsecret.ref = file:" + secret + "\nredelivery.delay.ms = 100\n");
    }

    /** The first delivery after a (re)start: the hook listens once the feature's bundles and the store are up. */
    private HttpResponse<String> awaitListening(String hook, String body, String delivery) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try {
                HttpResponse<String> answer = hooks.deliver(hook, body, delivery);
                if (answer.statusCode() != 404 && answer.statusCode() != 503 || System.nanoTime() > deadline) {
                    return answer;
                }
            } catch (IOException refused) {
                if (System.nanoTime() > deadline) {
                    throw refused;
                }
            }
            Thread.sleep(250);
        }
    }

    private Map<String, Long> flowsByStartKey(String definition) throws IOException {
        String password = Files.readString(home.resolve("data/steward/store.password")).strip();
        try (Driver driver = GraphDatabase.driver("bolt://127.0.0.1:" + STORE_PORT, AuthTokens.basic("neo4j", password));
                var session = driver.session()) {
            List<org.neo4j.driver.Record> rows = session.run("MATCH (f:FlowInstance {definitionId: $definition}) "
                    + "RETURN f.startKey AS key, count(f) AS flows", Map.of("definition", definition)).list();
            Map<String, Long> counts = new java.util.TreeMap<>();
            rows.forEach(r -> counts.put(r.get("key").asString(), r.get("flows").asLong()));
            return counts;
        }
    }
}
