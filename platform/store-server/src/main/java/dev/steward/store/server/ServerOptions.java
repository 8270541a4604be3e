package dev.steward.store.server;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Command-line options of the store server, given as {@code key=value} arguments. */
record ServerOptions(Path home, int port, Path passwordFile, Path pidFile, long parentPid, String pageCache,
        String logRetention) {

    static final String USAGE = "usage: home=<dir> port=<1-65535> password-file=<file> pid-file=<file> "
            + "[parent-pid=<pid>] [pagecache=64m] [log-retention='2 files']";

    static ServerOptions parse(String... args) {
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("argument '" + arg + "' is not key=value; " + USAGE);
            }
            values.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return new ServerOptions(
                Path.of(required(values, "home")).toAbsolutePath(),
                port(required(values, "port")),
                Path.of(required(values, "password-file")),
                Path.of(required(values, "pid-file")),
                Long.parseLong(values.getOrDefault("parent-pid", "0")),
                values.getOrDefault("pagecache", "64m"),
                values.getOrDefault("log-retention", "2 files"));
    }

    private static String required(Map<String, String> values, String key) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing " + key + "; " + USAGE);
        }
        return v;
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + value + "' is not a port number; " + USAGE);
        }
    }
}
