package dev.steward.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.karaf.features.BootFinished;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import dev.steward.api.agent.AgentRegistry;
import dev.steward.api.agent.AgentStatus;
import dev.steward.api.flow.FlowService;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.status.StatusService;
import dev.steward.api.flow.StepRun;
import dev.steward.api.flow.StepStatus;

/**
 * Hot deploy in the real distribution: the sample tally agent's jar dropped into deploy/ while 50 flows wait for its
 * capability serves them all once; a second version deployed while steps run leaves those steps on the first version
 * and takes the new ones; with the jars deleted new steps park, and resume when one comes back; a jar with an invalid
 * descriptor is refused with its reason. No platform bundle is refreshed or restarted meanwhile.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AgentHotDeployIT {

    private static final String CAPABILITY = "sample.tally";
    private static final String DEFINITION = "hotdeploy-tally";

    @Inject @Filter(timeout = 120_000) BootFinished bootFinished;
    @Inject BundleContext bundleContext;
    @Inject @Filter(timeout = 60_000) StatusService statusService;
    @Inject @Filter(timeout = 60_000) FlowService flows;
    @Inject @Filter(timeout = 60_000) AgentRegistry agents;
    @Inject @Filter(timeout = 60_000) SessionFactory sessionFactory;

    private final Path deploy = Path.of(System.getProperty("karaf.base", "."), "deploy");
    private final Path jars = Path.of(System.getProperty(TallyJars.PROPERTY, "."));
    private final Path ledger = Path.of(System.getProperty("karaf.data", "data"), "steward", "samples", "tally",
            "hotdeploy.log");

    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        return OptionUtils.combine(StewardDistribution.options(), TallyJars.prepare());
    }

    @Test
    public void agentJarsDeployedReplacedAndRemovedWhileFlowsRunLoseNoStepAndRunNoneTwice() throws Exception {
        await("the platform ready", 150_000, () -> statusService.status().ready());
        defineTallyFlow();
        Map<Long, String> before = platformBundles();

        // 50 flows wait for a capability nobody offers; the jar dropped into deploy/ serves every one of them
        List<String> waiting = start(50, 20);
        await("50 steps parked", 60_000, () -> agents.parkedSteps().getOrDefault(CAPABILITY, 0) == 50);
        StepRun parked = flows.steps(waiting.get(0)).get(0);
        assertEquals("a step without a provider is PENDING", StepStatus.PENDING, parked.status());
        assertEquals("capability " + CAPABILITY, parked.waitingFor());
        String shown = execute("steward:flow-show " + waiting.get(0));
        assertTrue(shown, shown.contains("waiting for capability " + CAPABILITY));
        TallyJars.deploy(jars.resolve("tally-1.0.0.jar"), deploy);
        awaitCompleted(waiting);
        assertEquals("every step ran on the deployed version", Set.of("tally@1.0.0"), agentsOf(waiting));

        // a second version arrives while steps run on the first: they finish there, new steps go to the new one
        List<String> inFlight = start(12, 1500);
        TallyJars.deploy(jars.resolve("tally-2.0.0.jar"), deploy);
        await("tally 2.0.0 active", 30_000, () -> agents.agent("tally").stream().anyMatch(
                s -> s.descriptor().version().equals("2.0.0") && s.state() == AgentStatus.State.ACTIVE));
        long stillRunning = inFlight.stream().filter(id -> flows.find(id).orElseThrow().status() == FlowStatus.RUNNING)
                .count();
        assertTrue("some steps were still in flight on 1.0.0 when 2.0.0 arrived", stillRunning > 0);
        List<String> after = start(10, 0);
        awaitCompleted(inFlight);
        awaitCompleted(after);
        assertEquals("steps dispatched before 2.0.0 finished on 1.0.0", Set.of("tally@1.0.0"), agentsOf(inFlight));
        assertEquals("steps started after 2.0.0 arrived ran on it", Set.of("tally@2.0.0"), agentsOf(after));

        // both jars deleted: new steps park; one jar back: they run
        Files.delete(deploy.resolve("tally-1.0.0.jar"));
        Files.delete(deploy.resolve("tally-2.0.0.jar"));
        await("no tally agent left", 30_000, () -> agents.agent("tally").isEmpty());
        List<String> orphans = start(10, 0);
        await("10 steps parked", 60_000, () -> agents.parkedSteps().getOrDefault(CAPABILITY, 0) == 10);
        assertTrue("the registry lists the parked steps", execute("steward:agent-list")
                .contains("10 step(s) parked, waiting for " + CAPABILITY));
        TallyJars.deploy(jars.resolve("tally-2.0.0.jar"), deploy);
        awaitCompleted(orphans);
        assertEquals(Set.of("tally@2.0.0"), agentsOf(orphans));
        String migrated = execute("steward:agent-migrate --from 1.0.0 tally", "operator");
        assertTrue(migrated, migrated.contains("0 step(s) of agent tally migrated."));
        try {
            throw new AssertionError("a viewer ran steward:agent-migrate: " + execute("steward:agent-migrate tally", "viewer"));
        } catch (Exception refusal) { // the command ACL hides the command from a viewer
            assertTrue(refusal.toString(), refusal instanceof SecurityException
                    || refusal.getClass().getSimpleName().equals("CommandNotFoundException"));
        }

        // an agent whose descriptor is invalid is refused with its reason, and serves nothing
        TallyJars.deploy(jars.resolve("tally-bad.jar"), deploy);
        await("the bad agent listed as rejected", 30_000, () -> agents.agent("Bad Agent!").stream()
                .anyMatch(s -> s.state() == AgentStatus.State.REJECTED));
        String problem = agents.agent("Bad Agent!").get(0).problem();
        assertTrue(problem, problem.startsWith("id 'Bad Agent!' must be 1 to 64 lower-case letters"));
        Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
        await("the rejection logged", 10_000, () -> read(log).contains("Agent Bad Agent! 3.0.0 rejected: id 'Bad Agent!'"));
        List<String> last = start(1, 0);
        awaitCompleted(last);
        assertEquals(Set.of("tally@2.0.0"), agentsOf(last));
        Files.delete(deploy.resolve("tally-bad.jar"));
        Files.delete(deploy.resolve("tally-2.0.0.jar"));
        await("the sample bundles uninstalled", 30_000, () -> sampleBundles() == 0);

        // every step ran exactly once, on the version the journal names
        List<String> all = new ArrayList<>(waiting);
        all.addAll(inFlight);
        all.addAll(after);
        all.addAll(orphans);
        all.addAll(last);
        Map<String, List<String>> effects = effects();
        for (String id : all) {
            assertEquals("the agent's effects for flow " + id, List.of(flows.steps(id).get(0).agent()),
                    effects.getOrDefault(id + ":tally", List.of()));
        }
        assertEquals("no effect from a flow the test did not start", all.size(), effects.size());
        assertEquals("platform bundles keep their ids, state and last-modified (nothing refreshed)", before,
                platformBundles());
    }

    private void defineTallyFlow() throws Exception {
        Path file = Path.of(System.getProperty("karaf.etc"), "steward", "flows", DEFINITION + ".yaml");
        Files.writeString(file, "id: " + DEFINITION + "\nversion: 1\n"
                + "description: one step served by the hot-deployed sample agent\n"
                + "steps:\n  - id: tally\n    capability: " + CAPABILITY + "\n"
                + "    retry: {maxAttempts: 1}\n    timeout: PT30S\n");
        await("the flow definition loaded", 60_000, () -> flows.definitions().stream()
                .anyMatch(d -> d.id().equals(DEFINITION)));
    }

    private List<String> start(int count, int delayMs) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(flows.start(DEFINITION, Map.of("ledger", "hotdeploy", "delayMs", delayMs)).id());
        }
        return ids;
    }

    private void awaitCompleted(List<String> ids) throws InterruptedException {
        await(ids.size() + " flows completed", 120_000, () -> ids.stream()
                .allMatch(id -> flows.find(id).orElseThrow().status() == FlowStatus.COMPLETED));
    }

    /** The agent versions the journal names for the flows' step. */
    private Set<String> agentsOf(List<String> ids) {
        return ids.stream().map(id -> flows.steps(id).get(0).agent()).collect(Collectors.toSet());
    }

    /** The ledger: idempotency key → the agent of every call with that key, in order. */
    private Map<String, List<String>> effects() throws IOException {
        Map<String, List<String>> effects = new HashMap<>();
        for (String line : Files.readAllLines(ledger)) {
            String[] parts = line.split(" ");
            effects.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1]);
        }
        return effects;
    }

    /** Every platform bundle (Steward's own but the sample, Camel, the Neo4j driver): id → state and last-modified. */
    private Map<Long, String> platformBundles() {
        Map<Long, String> stamps = new HashMap<>();
        for (Bundle b : bundleContext.getBundles()) {
            String bsn = b.getSymbolicName() == null ? "" : b.getSymbolicName();
            if (bsn.startsWith("dev.steward.") && !bsn.equals(TallyJars.BSN) || bsn.startsWith("camel-")
                    || bsn.startsWith("org.apache.camel") || bsn.contains("neo4j")) {
                stamps.put(b.getBundleId(), bsn + " " + b.getState() + " " + b.getLastModified());
            }
        }
        assertFalse("platform bundles found", stamps.isEmpty());
        return stamps;
    }

    private long sampleBundles() {
        return List.of(bundleContext.getBundles()).stream().filter(b -> TallyJars.BSN.equals(b.getSymbolicName())).count();
    }

    private String execute(String command) throws Exception {
        return execute(command, "viewer");
    }

    /** Runs a shell command as a user with the role (the command ACLs in etc/ decide what it may run). */
    private String execute(String command, String role) throws Exception {
        return ShellAs.run(sessionFactory, command, role);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static void await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs / 1000 + " s waiting for: " + what);
            }
            Thread.sleep(100);
        }
    }
}
