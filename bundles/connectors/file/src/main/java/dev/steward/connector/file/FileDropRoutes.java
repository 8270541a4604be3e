package dev.steward.connector.file;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.type.TypeReference;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.ComponentResolver;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.LanguageResolver;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowService;

/**
 * One drop folder. Route {@code steward-connector-file-<name>} polls it with camel-file and lets the {@link DropGate}
 * read and check each file whole: a bad one starts nothing and is moved to quarantine with a reason file. A good
 * one passes the durable idempotent consumer (the fabric's repository {@code file-<name>}, keyed by the SHA-256 of
 * the content): content seen before starts nothing; new content sends each record, as a new exchange, to route
 * {@code steward-connector-file-<name>-record}, which starts the flow with the kernel's keyed start
 * ({@code file-<name>:<sha256>:<index>}), so a file read again after a crash starts no record twice. A start that
 * keeps failing ends in the exceptions inbox, from where the operator replays it into the record route.
 */
@Component(service = RoutesBuilder.class, configurationPid = DropSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = FileDropConfig.class, factory = true)
public final class FileDropRoutes extends RouteBuilder {

    /** Header of a record: its start key. (No "key" in the name: the inbox keeps no header named like a secret.) */
    static final String RECORD = "StewardFileRecord";
    /** Header of a record: the name of the file it came from. */
    static final String FILE = "StewardFileName";
    private static final Logger LOG = LoggerFactory.getLogger(FileDropRoutes.class);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    private final DropSettings drop;
    private final FlowService flows;
    private final IdempotentRepository seen;
    private volatile ProducerTemplate records;

    /** The file and direct components and the file language are services published by their bundles: wait for them. */
    @Activate
    public FileDropRoutes(FileDropConfig config, Map<String, Object> properties, @Reference FlowService flows,
            @Reference(target = "(component=file)") ComponentResolver file,
            @Reference(target = "(component=direct)") ComponentResolver direct,
            @Reference(target = "(language=file)") LanguageResolver fileLanguage,
            @Reference(target = "(steward.fabric=idempotent-repositories)") Function<String, IdempotentRepository> repositories) {
        this(DropSettings.of(config, properties, DropSettings.karafHome()), flows, repositories);
        LOG.info("File-drop connector: {}", drop);
    }

    /** @param repositories the fabric's durable repositories by name; this folder's is {@code file-<name>} */
    FileDropRoutes(DropSettings drop, FlowService flows, Function<String, IdempotentRepository> repositories) {
        this.drop = drop;
        this.flows = flows;
        this.seen = repositories.apply(drop.repository());
    }

    @Override
    public void configure() {
        records = getContext().createProducerTemplate();

        // a failure here (the inbox could not keep a record) leaves the file in the folder for the next poll
        from(drop.consumerUri()).routeId(drop.routeId())
                .errorHandler(defaultErrorHandler().logStackTrace(false))
                .process(new DropGate(drop, Clock.systemUTC()))
                .filter(exchangeProperty(DropGate.QUARANTINED).isNull())
                    .idempotentConsumer(header(DropGate.SHA256), seen).eager(false).skipDuplicate(false)
                        .choice()
                            .when(exchangeProperty(Exchange.DUPLICATE_MESSAGE).isEqualTo(true))
                                .process(this::skipDuplicate)
                            .otherwise()
                                .process(this::startRecords)
                        .end()
                    .end()
                .end();

        from(drop.recordUri()).routeId(drop.routeId() + "-record")
                // a start that fails is retried (not when the input or the definition is wrong), then kept in the inbox
                .errorHandler(deadLetterChannel("direct:steward-dead-letters")
                        .deadLetterHandleNewException(false)
                        .useOriginalMessage()
                        .retryWhile(Retries.atMost(drop.redeliveries()))
                        .redeliveryDelay(drop.redeliveryDelay().toMillis())
                        .useExponentialBackOff().backOffMultiplier(2).maximumRedeliveryDelay(30_000)
                        .retryAttemptedLogLevel(LoggingLevel.INFO)
                        .logStackTrace(false).logRetryStackTrace(false).logExhaustedMessageHistory(false))
                .process(this::startFlow);
    }

    private void skipDuplicate(Exchange exchange) {
        LOG.info("Drop folder {}: {} has the content of a file processed before (sha256 {}); nothing started, moved to {}",
                drop.name(), exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY),
                exchange.getMessage().getHeader(DropGate.SHA256), exchange.getProperty(DropGate.TARGET));
    }

    /**
     * Sends each record to the record route as a new exchange, so that the inbox keeps one record (its JSON and
     * start key) and a replay starts that record only.
     */
    private void startRecords(Exchange exchange) throws Exception {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = exchange.getMessage().getMandatoryBody(List.class);
        String sha256 = exchange.getMessage().getHeader(DropGate.SHA256, String.class);
        String file = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        int held = 0;
        for (int i = 0; i < rows.size(); i++) {
            String key = drop.startKey(sha256, i);
            String json = JsonRecords.JSON.writeValueAsString(rows.get(i));
            Exchange done = records.send(drop.recordUri(), e -> {
                e.getMessage().setHeader(RECORD, key);
                e.getMessage().setHeader(FILE, file);
                e.getMessage().setBody(json);
            });
            if (done.getException() != null) {
                // the inbox could not keep it: the file stays and is read again; started records are not started twice
                exchange.setException(done.getException());
                return;
            }
            if (done.getProperty(Exchange.EXCEPTION_CAUGHT) != null) {
                held++;
            }
        }
        LOG.info("Drop folder {}: {} had {} records: {} flows started{}, moved to {}", drop.name(), file, rows.size(),
                rows.size() - held, held == 0 ? "" : ", " + held + " held in the exceptions inbox",
                exchange.getProperty(DropGate.TARGET));
    }

    private void startFlow(Exchange exchange) throws Exception {
        String key = exchange.getMessage().getHeader(RECORD, String.class);
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a record needs its start key in header " + RECORD);
        }
        Map<String, Object> input = JsonRecords.JSON.readValue(exchange.getMessage().getMandatoryBody(String.class), OBJECT);
        FlowInstance flow = flows.start(drop.flow(), input, key);
        LOG.debug("Drop folder {}: record {} started flow {}", drop.name(), key, flow.id());
    }

    @Deactivate
    void deactivate() {
        ProducerTemplate template = records;
        if (template != null) {
            template.stop();
        }
    }
}
