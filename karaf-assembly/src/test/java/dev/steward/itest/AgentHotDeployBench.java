package dev.steward.itest;

import static org.junit.Assume.assumeTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

import javax.inject.Inject;

import org.apache.karaf.features.BootFinished;
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
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;

import dev.steward.api.agent.AgentRegistry;
import dev.steward.api.flow.FlowService;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.status.StatusService;

/**
 * Benchmark, opt-in ({@code -Dsteward.bench=true -Dit.test=AgentHotDeployBench}; not an IT, so a normal build never
 * boots it): the time from the sample agent's jar moved into deploy/ to its bundle started, the agent registered, the
 * first waiting step served (its effect written) and that flow completed (journaled). Repetitions
 * {@code -Dsteward.bench.reps} (default 10); {@code -Dsteward.bench.poll} sets FileInstall's poll of deploy/ in
 * milliseconds for the run (default: as shipped). Between repetitions the jar is deleted and the test waits a random
 * part of a poll, so the drops fall at every phase of the poll.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AgentHotDeployBench {

    private static final String DEFINITION = "bench-tally";

    @Inject @Filter(timeout = 120_000) BootFinished bootFinished;
    @Inject BundleContext bundleContext;
    @Inject @Filter(timeout = 60_000) StatusService statusService;
    @Inject @Filter(timeout = 60_000) FlowService flows;
    @Inject @Filter(timeout = 60_000) AgentRegistry agents;

    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(List.of(StewardDistribution.options()));
        options.add(TallyJars.prepare());
        options.add(editConfigurationFilePut("etc/system.properties", "steward.bench",
                System.getProperty("steward.bench", "false")));
        options.add(editConfigurationFilePut("etc/system.properties", "steward.bench.reps",
                System.getProperty("steward.bench.reps", "10")));
        String poll = System.getProperty("steward.bench.poll");
        if (poll != null) {
            options.add(editConfigurationFilePut("etc/org.apache.felix.fileinstall-deploy.cfg", "felix.fileinstall.poll",
                    poll));
        }
        return OptionUtils.combine(options.toArray(new Option[0]));
    }

    @Test
    public void jarInDeployToFirstStepServed() throws Exception {
        assumeTrue("opt-in: -Dsteward.bench=true", Boolean.getBoolean("steward.bench"));
        until(System.nanoTime(), 150_000, () -> statusService.status().ready());
        Path deploy = Path.of(System.getProperty("karaf.base"), "deploy");
        Path jar = Path.of(System.getProperty(TallyJars.PROPERTY), "tally-1.0.0.jar");
        Path ledger = Path.of(System.getProperty("karaf.data"), "steward", "samples", "tally", "bench.log");
        Files.writeString(Path.of(System.getProperty("karaf.etc"), "steward", "flows", DEFINITION + ".yaml"),
                "id: " + DEFINITION + "\nversion: 1\nsteps:\n  - id: tally\n    capability: sample.tally\n"
                        + "    retry: {maxAttempts: 1}\n    timeout: PT30S\n");
        await(() -> flows.definitions().stream().anyMatch(d -> d.id().equals(DEFINITION)));
        int reps = Integer.getInteger("steward.bench.reps", 10);
        String poll = Files.readAllLines(Path.of(System.getProperty("karaf.etc"), "org.apache.felix.fileinstall-deploy.cfg"))
                .stream().filter(l -> l.startsWith("felix.fileinstall.poll")).findFirst().orElse("?");
        System.out.println("hot deploy bench: " + reps + " repetitions, " + poll.replaceAll("\\s+", " "));
        System.out.println("rep  bundle_started_ms  agent_registered_ms  step_served_ms  flow_completed_ms");
        Random phases = new Random(42);
        long[] served = new long[reps];
        for (int rep = 1; rep <= reps; rep++) {
            String flow = flows.start(DEFINITION, Map.of("ledger", "bench", "delayMs", 0)).id();
            long[] started = {-1};
            BundleListener listener = event -> {
                if (event.getType() == BundleEvent.STARTED && TallyJars.BSN.equals(event.getBundle().getSymbolicName())) {
                    started[0] = System.nanoTime();
                }
            };
            bundleContext.addBundleListener(listener);
            long t0 = System.nanoTime();
            TallyJars.deploy(jar, deploy);
            long registered = until(t0, () -> !agents.agent("tally").isEmpty());
            long step = until(t0, () -> Files.exists(ledger) && read(ledger).contains(flow + ":tally "));
            long completed = until(t0, () -> flows.find(flow).orElseThrow().status() == FlowStatus.COMPLETED);
            bundleContext.removeBundleListener(listener);
            served[rep - 1] = step;
            System.out.printf(Locale.ROOT, "%3d  %17d  %19d  %14d  %17d%n", rep, (started[0] - t0) / 1_000_000, registered,
                    step, completed);
            Files.delete(deploy.resolve(jar.getFileName()));
            await(() -> List.of(bundleContext.getBundles()).stream().noneMatch(
                    b -> TallyJars.BSN.equals(b.getSymbolicName()) && b.getState() != Bundle.UNINSTALLED));
            Thread.sleep(phases.nextInt(1000));
        }
        java.util.Arrays.sort(served);
        System.out.printf(Locale.ROOT, "jar in deploy/ to first step served: min %d ms, median %d ms, max %d ms%n",
                served[0], served[reps / 2], served[reps - 1]);
    }

    /** Milliseconds from {@code t0} until the condition holds, polled every 5 ms (at most 30 s). */
    private static long until(long t0, BooleanSupplier condition) throws InterruptedException {
        return until(t0, 30_000, condition);
    }

    private static long until(long t0, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = t0 + timeoutMs * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeoutMs / 1000 + " s");
            }
            Thread.sleep(5);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        until(System.nanoTime(), condition);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
