package dev.steward.itest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.karaf.features.BootFinished;
import org.apache.karaf.features.FeaturesService;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

import com.sun.net.httpserver.HttpServer;

import dev.steward.api.addon.AddonService;
import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowService;
import dev.steward.api.status.StatusService;

/**
 * What the connector add-on tests share: the distribution they boot, the platform's services they use, the platform
 * ready before anything is installed, a loopback sink for the sample flow's steps, and the sample flows. Each test
 * class keeps its own annotations (Pax Exam, one container per class, methods in name order).
 */
public abstract class AddonTestBase {

    /** The flow definition of the sample-sink plugin that the connectors start. */
    protected static final String SAMPLE_FLOW = "sample-sink";

    @Inject @Filter(timeout = 120_000) protected BootFinished bootFinished;
    @Inject protected BundleContext bundleContext;
    @Inject @Filter(timeout = 60_000) protected StatusService statusService;
    @Inject @Filter(value = "(camel.context.name=steward)", timeout = 60_000) protected CamelContext camel;
    @Inject @Filter(timeout = 60_000) protected FeaturesService features;
    @Inject @Filter(timeout = 60_000) protected AddonService addons;
    @Inject @Filter(timeout = 60_000) protected FlowService flows;
    @Inject @Filter(timeout = 60_000) protected ConfigurationAdmin configAdmin;

    /** @return the distribution's options */
    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        return StewardDistribution.options();
    }

    /**
     * Waits until the platform is ready, then starts watching what an add-on will change.
     *
     * @return the watch
     */
    protected AddonWatch readyPlatform() throws Exception {
        AddonWatch.await("ready", 150_000, () -> statusService.status().ready());
        return new AddonWatch(bundleContext);
    }

    /**
     * Starts a loopback server that answers 200 at {@code /sink} (the sample flow's steps) and counts the calls.
     *
     * @param calls the counter
     * @return the started server, for more contexts
     */
    protected static HttpServer startSink(AtomicInteger calls) throws IOException {
        HttpServer sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        sink.createContext("/sink", exchange -> {
            exchange.getRequestBody().readAllBytes();
            calls.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        sink.start();
        return sink;
    }

    /** @return the flows of the sample flow definition, in any status */
    protected List<FlowInstance> sampleFlows() {
        return flows.list(null).stream().filter(f -> f.definitionId().equals(SAMPLE_FLOW)).toList();
    }
}
