package dev.steward.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.LoginContext;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.karaf.features.BootFinished;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentRegistry;
import dev.steward.api.agent.AgentStatus;
import dev.steward.api.agent.AgentRequest;
import dev.steward.api.agent.AgentResult;
import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowService;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.StepDefinition;
import dev.steward.api.policy.PolicyDecision;
import dev.steward.api.policy.PolicySubject;
import dev.steward.api.status.Health;
import dev.steward.api.status.HealthState;
import dev.steward.api.status.PlatformStatus;
import dev.steward.api.status.StatusService;
import dev.steward.spi.agent.Agent;
import dev.steward.spi.flow.FlowDefinitionProvider;
import dev.steward.spi.policy.Policy;

/** Boots the built distribution with its embedded store and checks the platform as an operator would. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformIT {

    private static final Set<String> PLATFORM_BUNDLES =
            Set.of("dev.steward.api", "dev.steward.store", "dev.steward.kernel", "dev.steward.camel", "dev.steward.core");
    private static final String SAMPLE_FEATURE = "steward-sample-dedup";
    private static final String SAMPLE_ROUTE = "steward-sample-dedup";

    @Inject @Filter(timeout = 120_000) BootFinished bootFinished;
    @Inject BundleContext bundleContext;
    @Inject @Filter(timeout = 60_000) StatusService statusService;
    @Inject @Filter(value = "(camel.context.name=steward)", timeout = 60_000) CamelContext camel;
    @Inject @Filter(timeout = 60_000) FeaturesService features;
    @Inject @Filter(timeout = 60_000) SessionFactory sessionFactory;
    @Inject @Filter(timeout = 60_000) FlowService flows;
    @Inject @Filter(timeout = 60_000) AgentRegistry agents;

    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        return StewardDistribution.options();
    }

    @Test
    public void everyStewardBundleIsActiveAndStoreIsConnectedWithSchema() throws Exception {
        await("store connected", 150_000, () -> statusService.status().component("store")
                .map(h -> h.state() == HealthState.UP).orElse(false));
        PlatformStatus status = statusService.status();
        Set<String> names = status.bundles().stream().map(b -> b.symbolicName()).collect(Collectors.toSet());
        assertTrue(names.toString(), names.containsAll(PLATFORM_BUNDLES));
        status.bundles().forEach(b -> assertTrue(b.symbolicName() + " is " + b.state(), b.active()));
        Health store = status.component("store").orElseThrow();
        assertEquals(store.toString(), "15", store.details().get("schema"));
        assertTrue(store.toString(), store.details().get("neo4j").startsWith("5.26"));
        assertEquals("embedded", store.details().get("mode"));
        assertTrue(status.toString(), status.ready());
    }

    @Test
    public void statusCommandReportsVersionStoreCamelAndBundles() throws Exception {
        await("ready", 150_000, () -> statusService.status().ready());
        String out = execute("steward:status");
        assertTrue(out, out.startsWith("Steward " + System.getProperty("steward.version", "") ));
        assertTrue(out, out.contains(": READY"));
        assertTrue(out, out.matches("(?s).*store +UP +connected to bolt://127\\.0\\.0\\.1:" + StewardDistribution.STORE_PORT
                + ", Neo4j 5\\.26\\.\\d+ community, schema version 15.*"));
        assertTrue(out, out.matches("(?s).*camel +UP +context steward Started.*"));
        for (String bsn : PLATFORM_BUNDLES) {
            assertTrue(out, out.matches("(?s).*ACTIVE +" + bsn.replace(".", "\\.") + " .*"));
        }
    }

    @Test
    public void sampleRouteDeduplicatesAndItsFeatureComesAndGoesWithoutRestartingThePlatform() throws Exception {
        // its ids go to the store (another test here restarts the store)
        await("store connected", 150_000, () -> storeHealth().state() == HealthState.UP);
        Map<Long, Long> before = platformBundleStamps();
        List<String> events = new CopyOnWriteArrayList<>();
        SynchronousBundleListener listener = e -> {
            String bsn = e.getBundle().getSymbolicName();
            if (isPlatform(e.getBundle()) && (e.getType() == BundleEvent.STOPPED || e.getType() == BundleEvent.STARTED
                    || e.getType() == BundleEvent.UNRESOLVED || e.getType() == BundleEvent.UPDATED)) {
                events.add(bsn + ":" + e.getType());
            }
        };
        bundleContext.addBundleListener(listener);
        try {
            features.installFeature(SAMPLE_FEATURE, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
            await("sample route started", 60_000, () -> camel.getRoute(SAMPLE_ROUTE) != null
                    && camel.getRouteController().getRouteStatus(SAMPLE_ROUTE).isStarted());
            ProducerTemplate producer = camel.createProducerTemplate();
            List<Object> replies = new ArrayList<>();
            for (String id : new String[] {"m-1", "m-1", "m-2", "m-1"}) {
                replies.add(producer.requestBodyAndHeader("direct:steward-sample-inbox", "hello", "StewardMessageId", id));
            }
            producer.stop();
            assertEquals(List.of("accepted:m-1", "duplicate:m-1", "accepted:m-2", "duplicate:m-1"), replies);

            features.uninstallFeature(SAMPLE_FEATURE, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
            await("sample route removed", 30_000, () -> camel.getRoute(SAMPLE_ROUTE) == null);

            // the ids are in the fabric's durable repository: the plugin, installed again, still knows m-1
            features.installFeature(SAMPLE_FEATURE, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
            await("sample route started again", 60_000, () -> camel.getRoute(SAMPLE_ROUTE) != null
                    && camel.getRouteController().getRouteStatus(SAMPLE_ROUTE).isStarted());
            ProducerTemplate again = camel.createProducerTemplate();
            assertEquals("duplicate:m-1", again.requestBodyAndHeader("direct:steward-sample-inbox", "hello",
                    "StewardMessageId", "m-1"));
            assertEquals("accepted:m-3", again.requestBodyAndHeader("direct:steward-sample-inbox", "hello",
                    "StewardMessageId", "m-3"));
            again.stop();
            features.uninstallFeature(SAMPLE_FEATURE, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
            await("sample route removed again", 30_000, () -> camel.getRoute(SAMPLE_ROUTE) == null);
        } finally {
            bundleContext.removeBundleListener(listener);
        }
        assertEquals("no platform bundle stopped, started or re-resolved", List.of(), events);
        assertEquals("platform bundles keep their ids and last-modified stamps", before, platformBundleStamps());
        assertNull(camel.getRoute(SAMPLE_ROUTE));
        assertTrue(camel.getStatus().isStarted());
    }

    /**
     * Edits etc/dev.steward.store.cfg as an operator would, each version moved into place whole: a configuration
     * changed through ConfigurationAdmin is written back to that file by FileInstall while FileInstall also polls
     * it, and a poll that reads the file half written loses keys (a CI run came back on the default port).
     */
    @Test
    public void badStoreSettingsAreReportedAndTheStoreComesBackWhenFixed() throws Exception {
        String uri = "bolt://127.0.0.1:" + StewardDistribution.STORE_PORT;
        await("store connected", 150_000, () -> storeHealth().state() == HealthState.UP);
        Path file = Path.of(System.getProperty("karaf.etc"), "dev.steward.store.cfg");
        String original = Files.readString(file);
        try {
            applyAndAwait(file, setting(original, "pool.size", "abc"), "malformed value reported", () -> storeHealth().message()
                    .equals("invalid configuration in etc/dev.steward.store.cfg: pool.size 'abc' is not a whole number from 1 to 1000"));
            assertTrue(statusService.status().toString(), !statusService.status().ready());

            String unreachable = setting(original, "uri", "bolt://127.0.0.1:1");
            unreachable = setting(unreachable, "password.ref",
                    "file:" + System.getProperty("karaf.data") + "/steward/store.password");
            applyAndAwait(file, unreachable, "unreachable uri reported",
                    () -> storeHealth().message().startsWith("unreachable: bolt://127.0.0.1:1 "));
            assertTrue(camel.getStatus().isStarted());
        } finally {
            replaceWhole(file, original);
        }
        await("store back on " + uri + " after the settings were fixed", 150_000,
                () -> storeHealth().state() == HealthState.UP && storeHealth().message().contains(uri + ","));
    }

    /** A policy of version 1.0 deciding with the function. */
    private static Policy policy(String id, Function<PolicySubject, PolicyDecision> rule) {
        return new Policy() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String version() {
                return "1.0";
            }

            @Override
            public PolicyDecision evaluate(PolicySubject subject) {
                return rule.apply(subject);
            }
        };
    }

    /** An agent offering one capability, answering with what the function makes of each request. */
    private static Agent agent(String id, String capability, Function<AgentRequest, Map<String, Object>> answer) {
        return new Agent() {
            @Override
            public AgentDescriptor descriptor() {
                return new AgentDescriptor(id, "1.0.0", List.of(capability), "{}", "{}", AgentDescriptor.CostClass.LOW, true);
            }

            @Override
            public AgentResult execute(AgentRequest request) {
                return new AgentResult(answer.apply(request), "", 1.0, null);
            }
        };
    }

    private Health storeHealth() {
        return statusService.status().component("store").orElseThrow();
    }

    /** The text with the line of one key set to a value (the key is present in the shipped file). */
    private static String setting(String cfg, String key, String value) {
        String replaced = cfg.replaceFirst("(?m)^" + key.replace(".", "\\.") + "\\s*[=:].*$",
                Matcher.quoteReplacement(key + " = " + value));
        assertFalse(key + " is not in " + cfg, replaced.equals(cfg));
        return replaced;
    }

    /**
     * Writes the file whole and waits for the condition, writing it again every 10 s while it does not hold: right
     * after one change, FileInstall may write the previous configuration back over a second one made meanwhile (a
     * full suite run waited 60 s for a change FileInstall never saw).
     */
    private static void applyAndAwait(Path file, String text, String what, BooleanSupplier condition) throws Exception {
        long end = System.currentTimeMillis() + 60_000;
        while (true) {
            replaceWhole(file, text);
            long next = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < next) {
                if (condition.getAsBoolean()) {
                    return;
                }
                Thread.sleep(200);
            }
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out after 60 s waiting for: " + what + " (the file "
                        + (Files.readString(file).equals(text) ? "holds" : "no longer holds") + " what was written)");
            }
        }
    }

    private static void replaceWhole(Path file, String text) throws Exception {
        Path next = file.resolveSibling("." + file.getFileName() + ".next");
        Files.writeString(next, text);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    public void theApprovalGateFeatureHoldsItsConfiguredCapabilitiesAndLeavesWithoutTouchingThePlatform() throws Exception {
        await("ready", 150_000, () -> statusService.status().ready());
        Path cfg = Path.of(System.getProperty("karaf.etc"), "dev.steward.policy.approval.cfg");
        replaceWhole(cfg, "capabilities = itest.gated\n"); // written before the install: the feature keeps it
        FlowDefinition definition = new FlowDefinition("itest-gated", 1, "one gated step", List.of(
                new StepDefinition("only", "itest.gated", Map.of(), List.of(), null, null, null)));
        var agentRegistration = bundleContext.registerService(Agent.class, agent("itest-gated", "itest.gated", r -> Map.of()), null);
        var definitionRegistration = bundleContext.registerService(FlowDefinitionProvider.class, () -> List.of(definition), null);
        Map<Long, Long> before = platformBundleStamps();
        features.installFeature("steward-policy-approval", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        try {
            await("approval gate registered", 60_000, () -> {
                var policy = bundleContext.getServiceReference(Policy.class);
                return policy != null && "dev.steward.policy.approval.ApprovalGatePolicy".equals(policy.getProperty("component.name"));
            });
            FlowInstance flow = flows.start("itest-gated", Map.of());
            await("step held", 60_000, () -> flows.find(flow.id()).map(f -> f.status() == FlowStatus.WAITING).orElse(false));
            assertTrue(flows.escalations().stream().anyMatch(e -> e.flowId().equals(flow.id())
                    && e.reasons().equals("approval-gate 1.0: capability itest.gated always waits for a decision")));
            flows.approve(flow.id(), "only", null, "itest");
            await("flow completed once approved", 60_000,
                    () -> flows.find(flow.id()).map(f -> f.status() == FlowStatus.COMPLETED).orElse(false));
        } finally {
            features.uninstallFeature("steward-policy-approval", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
            agentRegistration.unregister();
            definitionRegistration.unregister();
            Files.deleteIfExists(cfg);
        }
        assertEquals("platform bundles keep their ids and last-modified stamps", before, platformBundleStamps());
    }

    @Test
    public void theExecutorAgentsInstalledLiveServeAFlowAndLeaveThePlatformAlone() throws Exception {
        await("ready", 150_000, () -> statusService.status().ready());
        FlowDefinition definition = new FlowDefinition("itest-collect", 1, "reconcile, then draft a reminder", List.of(
                new StepDefinition("reconcile", "finance.reconcile", Map.of("lines", "input.lines", "invoices",
                        "input.invoices"), List.of(), null, null, null),
                new StepDefinition("remind", "draft.write", Map.of("template", "input.template", "data", "input.reminder"),
                        List.of("reconcile"), null, null, null)));
        var definitionRegistration = bundleContext.registerService(FlowDefinitionProvider.class, () -> List.of(definition), null);
        Map<Long, Long> before = platformBundleStamps();
        List<String> installed = List.of("steward-agent-reconciler", "steward-agent-writer");
        for (String feature : installed) {
            features.installFeature(feature, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        }
        try {
            await("both agents registered and active", 60_000, () -> agents.agents().stream()
                    .filter(a -> a.state() == AgentStatus.State.ACTIVE).map(a -> a.descriptor().id()).toList()
                    .containsAll(List.of("reconciler", "writer")));
            FlowInstance flow = flows.start("itest-collect", Map.of(
                    "lines", List.of(Map.of("id", "l-1", "amount", "1200.00", "reference", "INV-7 thanks", "counterparty", "ACME")),
                    "invoices", List.of(Map.of("id", "i-7", "number", "INV-7", "amount", 1200, "client", "ACME GmbH"),
                            Map.of("id", "i-8", "number", "INV-8", "amount", 300, "client", "Globex")),
                    "template", "invoice-reminder",
                    "reminder", Map.of("client", Map.of("name", "Globex"), "invoice", Map.of("number", "INV-8",
                            "amount", "300.00", "currency", "EUR", "dueDate", "2026-11-15"))));
            await("flow completed", 60_000, () -> flows.find(flow.id()).map(f -> f.status() == FlowStatus.COMPLETED)
                    .orElse(false));
            Map<String, Map<String, Object>> outputs = new HashMap<>();
            flows.steps(flow.id()).forEach(r -> outputs.put(r.stepId(), r.output()));
            assertEquals(List.of("i-8"), outputs.get("reconcile").get("openInvoices"));
            assertEquals("Reminder: invoice INV-8 is due", outputs.get("remind").get("subject"));
            assertTrue(outputs.get("remind").toString(), outputs.get("remind").get("body").toString()
                    .startsWith("Dear Globex,"));
            assertEquals(1, agents.agent("writer").get(0).calls());
        } finally {
            for (String feature : installed) {
                features.uninstallFeature(feature, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
            }
            definitionRegistration.unregister();
        }
        assertTrue("the uninstalled agent left the registry", agents.agent("writer").isEmpty());
        assertEquals("platform bundles keep their ids and last-modified stamps", before, platformBundleStamps());
    }

    @Test
    public void theBudgetFeatureInstalledLiveReservesCostsForNewStepsOnlyAndRefusesWhatPassesTheLimit() throws Exception {
        await("ready", 150_000, () -> statusService.status().ready());
        Path cfg = Path.of(System.getProperty("karaf.etc"), "dev.steward.policy.budget.cfg");
        replaceWhole(cfg, "agent.limits.usd = itest-costly=0.15\nover.action = deny\n");
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Agent costly = new Agent() {
            @Override
            public AgentDescriptor descriptor() { // HIGH: the kernel's cost.estimate.high (0.10) is reserved for each call
                return new AgentDescriptor("itest-costly", "1.0.0", List.of("itest.costly"), "{}", "{}",
                        AgentDescriptor.CostClass.HIGH, true);
            }

            @Override
            public AgentResult execute(AgentRequest request) throws Exception {
                if (request.input().containsKey("slow")) {
                    running.countDown();
                    release.await(60, TimeUnit.SECONDS);
                }
                return new AgentResult(Map.of(), "drafted", 0.9, new BigDecimal("0.10"));
            }
        };
        FlowDefinition definition = new FlowDefinition("itest-costly", 1, "one costly step", List.of(
                new StepDefinition("only", "itest.costly", Map.of("slow", "input.slow"), List.of(), null, null, null)));
        var agentRegistration = bundleContext.registerService(Agent.class, costly, null);
        var definitionRegistration = bundleContext.registerService(FlowDefinitionProvider.class, () -> List.of(definition), null);
        Map<Long, Long> before = platformBundleStamps();
        FlowInstance unjudged = flows.start("itest-costly", Map.of("slow", true));
        assertTrue(running.await(60, TimeUnit.SECONDS));
        features.installFeature("steward-policy-budget", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        try {
            await("budget policy registered", 60_000, () -> {
                var policy = bundleContext.getServiceReference(Policy.class);
                return policy != null && "dev.steward.policy.budget.BudgetPolicy".equals(policy.getProperty("component.name"));
            });
            release.countDown();
            await("the step that ran before the install completes, unjudged", 60_000,
                    () -> flows.find(unjudged.id()).map(f -> f.status() == FlowStatus.COMPLETED).orElse(false));
            FlowInstance first = flows.start("itest-costly", Map.of());
            await("the first new step fits the budget", 60_000,
                    () -> flows.find(first.id()).map(f -> f.status() == FlowStatus.COMPLETED).orElse(false));
            FlowInstance second = flows.start("itest-costly", Map.of());
            await("the second is over budget", 60_000,
                    () -> flows.find(second.id()).map(f -> f.status() == FlowStatus.FAILED).orElse(false));
            String error = flows.steps(second.id()).get(0).error();
            assertTrue(error, error.startsWith("denied by policy budget 1.1: over budget: 0.1 USD estimated, but agent:itest-costly:")
                    && error.endsWith("has 0.05 of 0.15 USD left"));
            assertEquals(new BigDecimal("0.10"), flows.steps(first.id()).get(0).costUsd());
            String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
            await("the spend written", 30_000, () -> quietly("steward:budgets").lines()
                    .anyMatch(l -> l.matches("agent:itest-costly:" + today + "\\s+0\\.15\\s+0\\.1\\s.*")));
            assertTrue(execute("steward:budgets 2026-13-40").contains("Not a day: '2026-13-40'"));
        } finally {
            release.countDown();
            features.uninstallFeature("steward-policy-budget", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
            agentRegistration.unregister();
            definitionRegistration.unregister();
            Files.deleteIfExists(cfg);
        }
        assertEquals("platform bundles keep their ids and last-modified stamps", before, platformBundleStamps());
    }

    @Test
    public void aPolicyServiceJudgesTheStepsThatStartWhileItIsRegistered() throws Exception {
        await("ready", 150_000, () -> statusService.status().ready());
        Agent echo = agent("itest-echo", "itest.guarded", AgentRequest::input);
        Policy freeze = policy("itest-freeze", s -> s.capability().equals("itest.guarded")
                ? PolicyDecision.deny("itest-freeze", "1.0", "frozen by the test")
                : PolicyDecision.allow("itest-freeze", "1.0"));
        FlowDefinition definition = new FlowDefinition("itest-guarded", 1, "one guarded step", List.of(
                new StepDefinition("only", "itest.guarded", Map.of(), List.of(), null, null, null)));
        var agentRegistration = bundleContext.registerService(Agent.class, echo, null);
        var definitionRegistration = bundleContext.registerService(FlowDefinitionProvider.class, () -> List.of(definition), null);
        try {
            var policyRegistration = bundleContext.registerService(Policy.class, freeze, null);
            FlowInstance denied = flows.start("itest-guarded", Map.of("n", 1));
            await("flow failed", 60_000, () -> flows.find(denied.id()).map(f -> f.status() == FlowStatus.FAILED).orElse(false));
            String show = execute("steward:flow-show " + denied.id());
            assertTrue(show, show.contains("denied by policy itest-freeze 1.0: frozen by the test"));

            policyRegistration.unregister();
            FlowInstance allowed = flows.start("itest-guarded", Map.of("n", 2));
            await("flow completed once the policy is gone", 60_000,
                    () -> flows.find(allowed.id()).map(f -> f.status() == FlowStatus.COMPLETED).orElse(false));

            Policy gate = policy("itest-gate", s -> PolicyDecision.requireApproval("itest-gate", "1.0", "ask the operator"));
            var gateRegistration = bundleContext.registerService(Policy.class, gate, null);
            try {
                FlowInstance held = flows.start("itest-guarded", Map.of("n", 3));
                await("step held for approval", 60_000,
                        () -> flows.find(held.id()).map(f -> f.status() == FlowStatus.WAITING).orElse(false));
                String approvals = execute("steward:approvals");
                assertTrue(approvals, approvals.contains("Flow " + held.id() + " (itest-guarded v1), step only calls itest.guarded")
                        && approvals.contains("why: itest-gate 1.0: ask the operator"));
                execute("steward:approve " + held.id() + " only n=7", "operator");
                await("flow completed once approved in the shell, with an edit", 60_000,
                        () -> flows.find(held.id()).map(f -> f.status() == FlowStatus.COMPLETED).orElse(false));
                assertEquals(Map.of("n", 7), flows.steps(held.id()).get(0).output());
            } finally {
                gateRegistration.unregister();
            }
        } finally {
            agentRegistration.unregister();
            definitionRegistration.unregister();
        }
    }

    @Test
    public void aFlowRunsDurablyOnAgentsContributedAsServices() throws Exception {
        await("ready", 150_000, () -> statusService.status().ready());
        List<String> keys = new CopyOnWriteArrayList<>();
        Agent upper = agent("itest-upper", "itest.upper", request -> {
            keys.add(request.key().value());
            return Map.of("text", request.input().get("text").toString().toUpperCase());
        });
        FlowDefinition definition = new FlowDefinition("itest-shout", 1, "upper-cases twice", List.of(
                new StepDefinition("one", "itest.upper", Map.of("text", "input.text"), List.of(), null, null, null),
                new StepDefinition("two", "itest.upper", Map.of("text", "steps.one.text"), List.of("one"), null, null, null)));
        var agentRegistration = bundleContext.registerService(Agent.class, upper, null);
        var definitionRegistration = bundleContext.registerService(FlowDefinitionProvider.class, () -> List.of(definition), null);
        try {
            FlowInstance flow = flows.start("itest-shout", Map.of("text", "hello"));
            await("flow completed", 60_000, () -> flows.find(flow.id()).map(f -> f.status() == FlowStatus.COMPLETED).orElse(false));
            assertEquals(List.of(flow.id() + ":one", flow.id() + ":two"), keys);
            assertTrue(flows.list(FlowStatus.COMPLETED).stream().anyMatch(f -> f.id().equals(flow.id())));
            assertEquals(HealthState.UP, statusService.status().component("kernel").orElseThrow().state());
            String show = execute("steward:flow-show " + flow.id());
            assertTrue(show, show.contains("COMPLETED") && show.matches("(?s).*one +SUCCEEDED .*two +SUCCEEDED .*"));
            String preview = execute("steward:flow-rollback-preview " + flow.id());
            assertTrue(preview, preview.contains("Cannot be undone (no compensation): two, one"));
        } finally {
            agentRegistration.unregister();
            definitionRegistration.unregister();
        }
    }

    @Test
    public void operatorAccountHasAGeneratedPasswordStoredHashed() throws Exception {
        Path etc = Path.of(System.getProperty("karaf.etc"));
        Path passwordFile = etc.resolve("operator.password");
        await("operator account created", 30_000, () -> Files.exists(passwordFile));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
        String password = Files.readAllLines(passwordFile).get(0).strip();
        assertTrue(password.length() >= 20);
        String users = Files.readString(etc.resolve("users.properties"));
        assertFalse("the password is not stored in clear", users.contains(password));
        assertTrue(users, users.matches("(?s).*\\noperator *= *\\{CRYPT\\}.*"));

        Subject subject = login("operator", password);
        Set<String> roles = subject.getPrincipals(RolePrincipal.class).stream().map(RolePrincipal::getName)
                .collect(Collectors.toSet());
        assertTrue(roles.toString(), roles.containsAll(Set.of("admin", "operator", "viewer", "ssh")));
        try {
            login("operator", "wrong-" + password);
            throw new AssertionError("a wrong password must be refused");
        } catch (javax.security.auth.login.LoginException expected) {
            // refused, as it should be
        }
    }

    @Test
    public void sshListensOnLoopbackOnly() throws Exception {
        await("ssh up", 30_000, () -> canConnect(InetAddress.getLoopbackAddress()));
        InetAddress external = nonLoopbackAddress();
        if (external != null) {
            assertFalse("ssh must not listen on " + external, canConnect(external));
        }
    }

    private String execute(String command) throws Exception {
        return execute(command, "viewer");
    }

    /** As {@link #execute(String)}, for a wait: a failure is an empty output. */
    private String quietly(String command) {
        try {
            return execute(command);
        } catch (Exception e) {
            return "";
        }
    }

    /** Runs a shell command as a user with the role (the command ACLs in etc/ decide what it may run). */
    private String execute(String command, String role) throws Exception {
        return ShellAs.run(sessionFactory, command, role);
    }

    private static Subject login(String user, String password) throws Exception {
        Subject subject = new Subject();
        LoginContext login = new LoginContext("karaf", subject, callbacks -> {
            for (var cb : callbacks) {
                if (cb instanceof NameCallback) {
                    ((NameCallback) cb).setName(user);
                } else if (cb instanceof PasswordCallback) {
                    ((PasswordCallback) cb).setPassword(password.toCharArray());
                }
            }
        });
        login.login();
        return subject;
    }

    private Map<Long, Long> platformBundleStamps() {
        Map<Long, Long> stamps = new HashMap<>();
        for (Bundle b : bundleContext.getBundles()) {
            if (isPlatform(b)) {
                assertEquals(b.getSymbolicName(), Bundle.ACTIVE, b.getState());
                stamps.put(b.getBundleId(), b.getLastModified());
            }
        }
        return stamps;
    }

    /** Steward's platform bundles and the libraries they stand on (Camel, the Neo4j driver). */
    private static boolean isPlatform(Bundle b) {
        String bsn = b.getSymbolicName() == null ? "" : b.getSymbolicName();
        return PLATFORM_BUNDLES.contains(bsn) || bsn.startsWith("camel-") || bsn.startsWith("org.apache.camel")
                || bsn.contains("neo4j");
    }

    private static boolean canConnect(InetAddress address) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, StewardDistribution.SSH_PORT), 2000);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private static InetAddress nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address) {
                    return a;
                }
            }
        }
        return null;
    }

    private static void await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs / 1000 + " s waiting for: " + what);
            }
            Thread.sleep(200);
        }
    }
}
