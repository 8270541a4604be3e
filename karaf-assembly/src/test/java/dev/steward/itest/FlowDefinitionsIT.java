package dev.steward.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * YAML flow definitions on the real distribution, driven as an operator would: files dropped into
 * {@code etc/steward/flows} while the platform runs show in {@code steward:flow-definitions} and start with
 * {@code steward:flow-start}; a broken file is reported as {@code file:line:column: reason} (command, status,
 * log) while what was loaded stays; a new version is offered beside the old one; deleting a file withdraws it.
 * The flows call the sample sink agent, which posts each step to an HTTP server in this test, and wait on a
 * timer.
 */
public class FlowDefinitionsIT {

    private static final int SSH_PORT = 18601;
    private static final int STORE_PORT = 17599;
    private static final Pattern STARTED = Pattern.compile("Started flow (\\S+) \\((\\S+) v(\\d+)\\)");

    private final List<String> keys = new CopyOnWriteArrayList<>();
    private HttpServer sink;
    private Path home;

    @After
    public void tearDown() throws Exception {
        if (home != null) {
            Shell.steward(home, 60, "stop");
        }
        if (sink != null) {
            sink.stop(0);
        }
    }

    @Test
    public void flowFilesAreLoadedReloadedAndReportedWhileThePlatformRuns() throws Exception {
        startSink();
        home = Shell.unpack("definitions", SSH_PORT, STORE_PORT);
        Files.writeString(home.resolve("etc/dev.steward.sample.sink.cfg"),
                "url = http://127.0.0.1:" + sink.getAddress().getPort() + "/sink\n");
        Path flows = home.resolve("etc/steward/flows");

        // the shipped example loads cleanly: the platform gets READY, which needs every component UP
        Shell.Result start = Shell.steward(home, 300, "start");
        assertEquals(start.output(), 0, start.exit());
        String listed = command("steward:flow-definitions");
        assertTrue(listed, listed.contains("1 definition(s) loaded, 0 file(s) with errors"));
        assertTrue(listed, listed.matches("(?s).*example-followup +1 +example-followup\\.yaml.*"));

        Shell.Result install = Shell.client(home, SSH_PORT, 120, "feature:install --no-auto-refresh steward-sample-sink");
        assertEquals(install.output(), 0, install.exit());
        Shell.awaitOutput(home, SSH_PORT, "steward:status -v", out -> out.contains("ACTIVE    dev.steward.sample.sink"), 60);

        // a new file while running
        Files.writeString(flows.resolve("it-notify.yaml"), notify(1, "[first, second]"));
        await(out -> out.matches("(?s).*it-notify +1 +it-notify\\.yaml.*"));
        String flow = startAndComplete("it-notify", 1);
        assertEquals(List.of(flow + ":first", flow + ":second"), keysOf(flow));

        // a broken file: reported with its line and column, the good one stays
        Files.writeString(flows.resolve("broken.yaml"), "id: broken\nversion: 1\nsteps:\n  - id: one\n    capabilty: sample.sink.post\n");
        String error = "broken.yaml:5:5: unknown key 'capabilty' in a step";
        listed = await(out -> out.contains(error));
        assertTrue(listed, listed.matches("(?s).*it-notify +1 +it-notify\\.yaml.*"));
        String status = command("steward:status -v");
        assertTrue(status, status.matches("(?s).*definitions +DEGRADED +1 flow file\\(s\\) rejected.*"));
        assertTrue(status, status.contains("broken.yaml: " + error));
        Thread.sleep(3000); // a few more polls: the error is still logged only once
        assertEquals(1, occurrences(Files.readString(home.resolve("data/log/karaf.log")), error));

        // a new version is offered beside the old one, and new flows start on it (this one with a timer step)
        Files.writeString(flows.resolve("it-notify.yaml"), notify(2, "[first, pause, second, third]"));
        await(out -> out.matches("(?s).*it-notify +1, 2 +it-notify\\.yaml.*"));
        String second = startAndComplete("it-notify", 2);
        assertEquals(List.of(second + ":first", second + ":second", second + ":third"), keysOf(second));

        // the same version with other content is refused; both versions stay
        Files.writeString(flows.resolve("it-notify.yaml"), notify(2, "[first]"));
        listed = await(out -> out.contains("it-notify.yaml:2:10: version 2 is already loaded with different content; raise the version"));
        assertTrue(listed, listed.matches("(?s).*it-notify +1, 2 +it-notify\\.yaml.*"));

        // deleting the files withdraws their definitions and clears their errors
        Files.delete(flows.resolve("broken.yaml"));
        Files.delete(flows.resolve("it-notify.yaml"));
        listed = await(out -> out.contains("1 definition(s) loaded, 0 file(s) with errors"));
        assertFalse(listed, listed.contains("it-notify"));
        Shell.Result refused = Shell.client(home, SSH_PORT, 60, "steward:flow-start it-notify email=x@example.com");
        assertTrue(refused.output(), refused.output().contains("no flow definition 'it-notify'"));
        Shell.Result ready = Shell.steward(home, 60, "status");
        assertEquals(ready.output(), 0, ready.exit());
    }

    /** A flow of steps in a row: sink steps, each reading the flow input, and a one-second timer named pause. */
    private static String notify(int version, String steps) {
        StringBuilder yaml = new StringBuilder("id: it-notify\nversion: " + version + "\n"
                + "description: posts each step to the sample sink\n"
                + "inputs:\n  - {name: email, type: string, required: true}\nsteps:\n");
        String previous = null;
        for (String step : steps.substring(1, steps.length() - 1).split(", ")) {
            yaml.append("  - id: ").append(step).append('\n');
            if (step.equals("pause")) {
                yaml.append("    wait: {timer: PT1S}\n");
            } else {
                yaml.append("    capability: sample.sink.post\n")
                        .append("    input: {to: input.email}\n")
                        .append("    retry: {maxAttempts: 5, initialBackoff: PT0.2S, maxBackoff: PT2S}\n")
                        .append("    timeout: PT10S\n");
            }
            if (previous != null) {
                yaml.append("    dependsOn: [").append(previous).append("]\n");
            }
            previous = step;
        }
        return yaml.toString();
    }

    private String startAndComplete(String definition, int version) throws Exception {
        Shell.Result started = Shell.client(home, SSH_PORT, 60, "steward:flow-start " + definition + " email=ann@example.com");
        Matcher m = STARTED.matcher(started.output());
        assertTrue(started.output(), m.find());
        assertEquals(definition, m.group(2));
        assertEquals(version, Integer.parseInt(m.group(3)));
        String id = m.group(1);
        Shell.awaitOutput(home, SSH_PORT, "steward:flow-show " + id, out -> out.contains(", COMPLETED,"), 60);
        return id;
    }

    private String command(String command) throws Exception {
        Shell.Result result = Shell.client(home, SSH_PORT, 60, command);
        assertEquals(result.output(), 0, result.exit());
        return result.output();
    }

    private String await(java.util.function.Predicate<String> condition) throws Exception {
        return Shell.awaitOutput(home, SSH_PORT, "steward:flow-definitions", condition, 30);
    }

    private List<String> keysOf(String flow) {
        return keys.stream().filter(k -> k.startsWith(flow + ":")).sorted((a, b) -> order(a) - order(b)).toList();
    }

    private static int order(String key) {
        return List.of("first", "second", "third").indexOf(key.substring(key.indexOf(':') + 1));
    }

    private static int occurrences(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    private void startSink() throws IOException {
        sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        sink.createContext("/sink", exchange -> {
            keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        sink.start();
    }
}
