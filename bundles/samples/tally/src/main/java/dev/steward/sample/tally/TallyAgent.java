package dev.steward.sample.tally;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentRequest;
import dev.steward.api.agent.AgentResult;
import dev.steward.api.flow.PermanentStepFailure;
import dev.steward.spi.agent.Agent;

/**
 * Sample agent for capability {@value #CAPABILITY}, made to be hot-deployed: its descriptor's version is its bundle's
 * version (so two jars of it with different {@code Bundle-Version}s run side by side), its id is the bundle header
 * {@value #ID_HEADER} (default {@code tally}). Each call waits {@code delayMs} (at most 10 s), then appends one line,
 * {@code <idempotency key> <id>@<version>}, to the ledger {@code KARAF_DATA/steward/samples/tally/<ledger>.log}: an
 * effect that deduplicates nothing, so a test sees every call.
 */
@Component(service = Agent.class)
public final class TallyAgent implements Agent {

    static final String CAPABILITY = "sample.tally";
    static final String ID_HEADER = "Steward-Agent-Id";
    static final long MAX_DELAY_MS = 10_000;
    private static final Pattern LEDGER = Pattern.compile("[a-z0-9-]{1,40}");
    private static final String INPUT_SCHEMA = """
            {"type":"object","required":["ledger"],"properties":{"ledger":{"type":"string"},
             "delayMs":{"type":"integer","minimum":0}}}""";
    private static final String OUTPUT_SCHEMA = """
            {"type":"object","properties":{"agent":{"type":"string"}}}""";

    private final AgentDescriptor descriptor;
    private final Path ledgers;

    /** Reads the id and version from this bundle's headers. */
    @Activate
    public TallyAgent() {
        this(FrameworkUtil.getBundle(TallyAgent.class),
                Path.of(System.getProperty("karaf.data", "data"), "steward", "samples", "tally"));
    }

    TallyAgent(Bundle bundle, Path ledgers) {
        String id = bundle.getHeaders().get(ID_HEADER);
        this.descriptor = new AgentDescriptor(id == null ? "tally" : id, bundle.getVersion().toString(),
                List.of(CAPABILITY), INPUT_SCHEMA, OUTPUT_SCHEMA, AgentDescriptor.CostClass.LOW, false);
        this.ledgers = ledgers;
    }

    @Override
    public AgentDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public AgentResult execute(AgentRequest request) throws IOException, InterruptedException, PermanentStepFailure {
        Object ledger = request.input().get("ledger");
        if (!(ledger instanceof String name) || !LEDGER.matcher(name).matches()) {
            throw new PermanentStepFailure("ledger must be 1 to 40 lower-case letters, digits or '-', was " + ledger);
        }
        Object delay = request.input().getOrDefault("delayMs", 0);
        if (!(delay instanceof Number ms) || ms.longValue() < 0) {
            throw new PermanentStepFailure("delayMs must be a number of milliseconds, was " + delay);
        }
        Thread.sleep(Math.min(ms.longValue(), MAX_DELAY_MS));
        String agent = descriptor.id() + "@" + descriptor.version();
        append(ledgers.resolve(name + ".log"), request.key().value() + " " + agent + "\n");
        return new AgentResult(Map.of("agent", agent), "tallied", 1.0, null);
    }

    /** One write per line, in append mode: lines of concurrent calls do not interleave. */
    private static void append(Path file, String line) throws IOException {
        Files.createDirectories(file.getParent());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
