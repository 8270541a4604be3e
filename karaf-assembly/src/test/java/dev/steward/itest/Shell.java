package dev.steward.itest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Runs the unpacked distribution as an operator would: its scripts, and shell commands over SSH. */
final class Shell {

    record Result(int exit, String output) {
    }

    private Shell() {
    }

    /**
     * Unpacks the built archive into target/&lt;name&gt; with every port moved off the defaults, so that neither a
     * running Steward nor what another test left behind is hit: SSH and the store as given, the REST API on
     * {@link #httpPort} and the model host on {@code sshPort + 35}.
     */
    static Path unpack(String name, int sshPort, int storePort) throws Exception {
        Path dir = Path.of("target", name).toAbsolutePath();
        run(120, Path.of("."), "rm", "-rf", dir.toString());
        Files.createDirectories(dir);
        run(120, dir, "tar", "xzf", System.getProperty("steward.distribution"));
        Path home;
        try (var list = Files.list(dir)) {
            home = list.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        replace(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort = 8101", "sshPort = " + sshPort);
        replace(home.resolve("etc/dev.steward.store.cfg"), "embedded.port = 17687", "embedded.port = " + storePort);
        replace(home.resolve("etc/dev.steward.store.cfg"), "health.interval.ms = 5000", "health.interval.ms = 1000");
        replace(home.resolve("etc/org.ops4j.pax.web.cfg"), "org.osgi.service.http.port = 8181",
                "org.osgi.service.http.port = " + httpPort(sshPort));
        replace(home.resolve("etc/dev.steward.model.cfg"), "embedded.port = 11435", "embedded.port = " + (sshPort + 35));
        return home;
    }

    /** The REST API's port in a distribution unpacked with this SSH port. */
    static int httpPort(int sshPort) {
        return sshPort + 80;
    }

    static Result steward(Path home, int timeoutSeconds, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/steward").toString()));
        command.addAll(List.of(args));
        Result result = run(timeoutSeconds, home, command.toArray(String[]::new));
        if (result.exit() != 0 && args.length > 0 && args[0].equals("start")) {
            threadDump(home);
        }
        return result;
    }

    /** A start that did not get ready: keep the platform's threads in the test output for diagnosis. */
    private static void threadDump(Path home) {
        try {
            String pid = Files.readString(home.resolve("karaf.pid")).strip();
            run(60, home, Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), pid, "Thread.print");
        } catch (Exception e) {
            System.out.println("no thread dump: " + e);
        }
    }

    /** One shell command over SSH as the operator (bin/client, password from etc/operator.password). */
    static Result client(Path home, int sshPort, int timeoutSeconds, String shellCommand) throws Exception {
        String password = Files.readAllLines(home.resolve("etc/operator.password")).get(0).strip();
        Path in = Files.createTempFile("steward-cmd", ".txt");
        Files.writeString(in, shellCommand + "\n");
        try {
            return run(timeoutSeconds, home, in, home.resolve("bin/client").toString(), "-h", "127.0.0.1",
                    "-a", Integer.toString(sshPort), "-u", "operator", "-p", password, "-b");
        } finally {
            Files.delete(in);
        }
    }

    /** Repeats a shell command until its output satisfies the condition. */
    static String awaitOutput(Path home, int sshPort, String shellCommand, Predicate<String> condition, int seconds)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = "";
        while (System.nanoTime() < deadline) {
            last = client(home, sshPort, 60, shellCommand).output();
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("'" + shellCommand + "' did not print what was expected within " + seconds + " s; last:\n" + last);
    }

    static Result run(int timeoutSeconds, Path dir, String... command) throws Exception {
        return run(timeoutSeconds, dir, null, command);
    }

    private static Result run(int timeoutSeconds, Path dir, Path stdin, String... command) throws Exception {
        Path out = Files.createTempFile("steward-it", ".out");
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))
                : ProcessBuilder.Redirect.from(stdin.toFile()));
        Process p = builder.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s:\n"
                    + Files.readString(out, StandardCharsets.UTF_8));
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        System.out.println("$ " + String.join(" ", command).replaceAll("-p \\S+", "-p ***") + " -> " + p.exitValue() + "\n" + text);
        return new Result(p.exitValue(), text);
    }

    static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        if (!text.contains(from)) {
            throw new AssertionError(file + " does not contain " + from);
        }
        Files.writeString(file, text.replace(from, to));
    }
}
