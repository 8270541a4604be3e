package dev.steward.connector.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The validated settings of one hook. The authenticator holds the secret; {@link #toString()} shows how the hook
 * authenticates, never with what.
 *
 * @param name the hook's name, part of its route ids and of every start key
 * @param flow the flow definition an accepted delivery starts
 * @param host the listener's address
 * @param port the listener's port
 * @param path the hook's path
 * @param authenticator how a delivery is authenticated
 * @param deliveryHeader the header naming a delivery
 * @param maxBodyBytes the largest body accepted
 * @param inputField the flow input field for the body, empty for the body as the input
 * @param redeliveries how often a failed flow start is retried
 * @param redeliveryDelay the delay before the first retry
 */
record HookSettings(String name, String flow, String host, int port, String path, Authenticator authenticator,
        String deliveryHeader, int maxBodyBytes, String inputField, int redeliveries, Duration redeliveryDelay) {

    static final String PID = "dev.steward.connector.webhook";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

    HookSettings {
        if (!NAME.matcher(name).matches()) {
            throw invalid(name, "name", "must be 1 to 64 letters, digits, - or _, was '" + name + "'");
        }
        if (flow.isBlank()) {
            throw invalid(name, "flow", "must name the flow definition a delivery starts");
        }
        if (host.isBlank() || host.contains("/") || host.contains("?")) {
            throw invalid(name, "host", "must be a host name or address, was '" + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw invalid(name, "port", "must be 1 to 65535, was " + port);
        }
        if (!PATH.matcher(path).matches()) {
            throw invalid(name, "path", "must be /segment[/segment...] of letters, digits, . _ ~ -, was '" + path + "'");
        }
        if (deliveryHeader.isBlank()) {
            throw invalid(name, "delivery.header", "must name a header");
        }
        if (maxBodyBytes < 1) {
            throw invalid(name, "max.body.bytes", "must be positive, was " + maxBodyBytes);
        }
        if (redeliveries < 0 || redeliveryDelay.isNegative()) {
            throw invalid(name, "redelivery.attempts", "and redelivery.delay.ms must be 0 or more");
        }
    }

    /** Reads a hook's configuration; the name defaults to the {@code <name>} of its file name. */
    static HookSettings of(WebhookConfig config, Map<String, Object> properties) {
        String name = config.name().isBlank() ? nameFromFile(properties.get("felix.fileinstall.filename")) : config.name().strip();
        String where = "secret.ref in etc/" + PID + "-" + name + ".cfg";
        Authenticator auth = switch (config.auth().strip()) {
            case "hmac" -> new HmacSignature(SecretReference.resolve(config.secret_ref().strip(), where),
                    config.signature_header().strip());
            case "basic" -> new JaasBasicAuth(config.jaas_realm().strip(), config.jaas_role().strip());
            default -> throw invalid(name, "auth", "must be hmac or basic (a hook is never open), was '" + config.auth() + "'");
        };
        String path = config.path().isBlank() ? "/hooks/" + name : config.path().strip();
        return new HookSettings(name, config.flow().strip(), config.host().strip(), config.port(), path, auth,
                config.delivery_header().strip(), config.max_body_bytes(), config.input_field().strip(),
                config.redelivery_attempts(), Duration.ofMillis(config.redelivery_delay_ms()));
    }

    private static String nameFromFile(Object file) {
        if (file == null) {
            return "";
        }
        String f = file.toString();
        f = f.substring(f.lastIndexOf('/') + 1);
        String prefix = PID + "-";
        return f.startsWith(prefix) && f.endsWith(".cfg") ? f.substring(prefix.length(), f.length() - 4) : "";
    }

    /** @return the listener's URI for camel-netty-http, with the consumer options */
    String consumerUri() {
        // netty's own limit is generous: a body between max.body.bytes and it is refused by the gate with a reason
        long nettyLimit = Math.min(Integer.MAX_VALUE, Math.max(4L * maxBodyBytes, maxBodyBytes + 65_536L));
        return "netty-http:" + URI.create("http://" + host + ":" + port + path) + "?httpMethodRestrict=POST"
                + "&chunkedMaxContentLength=" + nettyLimit;
    }

    String routeId() {
        return "steward-connector-webhook-" + name;
    }

    /** The internal entry point of accepted deliveries, where a replay from the exceptions inbox comes in. */
    String acceptUri() {
        return "direct:steward-connector-webhook-" + name + "-accepted";
    }

    /** @return the start key of a delivery: unique per hook, the same for every redelivery */
    String startKey(String deliveryId) {
        return "webhook-" + name + ":" + deliveryId;
    }

    private static IllegalArgumentException invalid(String name, String key, String problem) {
        return new IllegalArgumentException(key + " in etc/" + PID + "-" + name + ".cfg " + problem);
    }

    @Override
    public String toString() {
        return "hook " + name + " at http://" + host + ":" + port + path + " starting flow " + flow + " ("
                + authenticator.describe() + ", bodies up to " + maxBodyBytes + " bytes)";
    }
}
