package dev.steward.definitions.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.status.Health;
import dev.steward.spi.status.HealthIndicator;

/**
 * Reads the flows directory every {@code poll.seconds} on a thread of its own and keeps what the kernel is
 * offered in line with the files ({@link FlowCatalog}); reports load problems as its health.
 */
@Component(service = {HealthIndicator.class, FlowFiles.class}, configurationPid = "dev.steward.definitions")
@Designate(ocd = FlowFilesConfig.class)
public final class FlowFileLoader implements HealthIndicator, FlowFiles {

    static final String COMPONENT = "definitions";
    private static final Logger LOG = LoggerFactory.getLogger(FlowFileLoader.class);

    private final FlowDirectory directory;
    private final FlowCatalog catalog;
    private final ScheduledExecutorService poller;
    private volatile String directoryProblem = "";

    @Activate
    public FlowFileLoader(BundleContext context, FlowFilesConfig config) {
        this(directory(config.directory(), System.getProperty("karaf.etc"), System.getProperty("karaf.base")),
                config.poll_seconds(), new ServicePublisher(context));
    }

    FlowFileLoader(Path directory, int pollSeconds, DefinitionPublisher publisher) {
        if (pollSeconds < 1) {
            throw new IllegalArgumentException("etc/dev.steward.definitions.cfg: poll.seconds must be at least 1, was "
                    + pollSeconds);
        }
        this.directory = new FlowDirectory(directory);
        this.catalog = new FlowCatalog(directory, publisher);
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "steward-flow-files"));
        poller.scheduleWithFixedDelay(this::scan, 0, pollSeconds, TimeUnit.SECONDS);
    }

    /** The configured directory: empty means {@code ${karaf.etc}/steward/flows}; relative ones are under Karaf's base. */
    static Path directory(String configured, String karafEtc, String karafBase) {
        if (configured == null || configured.isBlank()) {
            if (karafEtc == null) {
                throw new IllegalArgumentException("etc/dev.steward.definitions.cfg: set 'directory' (karaf.etc is not set)");
            }
            return Path.of(karafEtc, "steward", "flows").toAbsolutePath().normalize();
        }
        Path path = Path.of(configured.strip());
        return (path.isAbsolute() || karafBase == null ? path : Path.of(karafBase).resolve(path)).toAbsolutePath().normalize();
    }

    @Deactivate
    void deactivate() {
        poller.shutdown();
        try {
            if (!poller.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Reading {} did not end within 10 s of stopping", directory.path());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catalog.withdrawAll();
    }

    /** One pass over the directory. */
    void scan() {
        try {
            FlowDirectory.Contents contents = directory.read();
            if (!directoryProblem.isEmpty()) {
                LOG.info("Flows directory {} can be read again", directory.path());
                directoryProblem = "";
            }
            catalog.apply(contents);
        } catch (IOException e) {
            String problem = "cannot read " + directory.path() + ": " + e;
            if (!problem.equals(directoryProblem)) {
                LOG.error("Flows directory unavailable, the flows loaded so far stay offered: {}", problem);
            }
            directoryProblem = problem;
        } catch (RuntimeException e) {
            // never let one bad pass end the polling; the next pass tries again
            String problem = "reading " + directory.path() + " failed: " + e;
            if (!problem.equals(directoryProblem)) {
                LOG.error("Flow files: {}", problem, e);
            }
            directoryProblem = problem;
        }
    }

    @Override
    public FlowFilesReport report() {
        return new FlowFilesReport(directory.path(), directoryProblem, catalog.loaded(), catalog.errors());
    }

    @Override
    public Health health() {
        FlowFilesReport report = report();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("directory", report.directory().toString());
        details.put("definitions", Integer.toString(report.definitionCount()));
        if (!report.directoryProblem().isEmpty()) {
            details.put("problem", report.directoryProblem());
            return Health.degraded(COMPONENT, "flows directory unavailable: " + report.directoryProblem(), details);
        }
        if (!report.errors().isEmpty()) {
            details.putAll(report.errors());
            return Health.degraded(COMPONENT, report.errors().size() + " flow file(s) rejected, "
                    + report.definitionCount() + " definition(s) loaded", details);
        }
        return Health.up(COMPONENT, report.definitionCount() + " definition(s) loaded from "
                + report.flows().stream().map(FlowFilesReport.Flow::file).distinct().count() + " file(s)", details);
    }
}
