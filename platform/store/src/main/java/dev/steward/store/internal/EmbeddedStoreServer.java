package dev.steward.store.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, watches and stops the embedded Neo4j server process.
 *
 * <p>Before a start it clears what a killed run left behind: a stale pid file, or an orphaned server of
 * this installation still holding the port or the store lock. A server that exits on its own is
 * restarted after a short pause; {@link #stop()} brings it down within the stop timeout.
 */
final class EmbeddedStoreServer {

    static final String MAIN_JAR = "dev.steward.store.server.jar";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStoreServer.class);
    private static final long RESTART_DELAY_MS = 2000;
    private static final long STOP_TIMEOUT_MS = 12_000;

    private final StoreSettings.Embedded settings;
    private final ScheduledExecutorService scheduler;
    private final StoreFiles files;
    private volatile Process process;
    private volatile boolean stopping;
    private volatile String problem = "";

    EmbeddedStoreServer(StoreSettings.Embedded settings, ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.files = new StoreFiles(settings.data());
    }

    /** The generated password of user neo4j, created owner-readable on the first start. */
    Path passwordFile() {
        return files.password();
    }

    /** Why the server is not running, or empty. */
    String problem() {
        return problem;
    }

    long pid() {
        Process p = process;
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    /** Prepares the password and launches the server in the background. */
    void start() {
        scheduler.execute(this::launch);
    }

    private void launch() {
        if (stopping) {
            return;
        }
        try {
            files.ensurePassword(EmbeddedStoreServer::generatePassword);
            new Leftovers(files, settings).clear();
            Path jar = settings.runtime().resolve(MAIN_JAR);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("embedded store runtime not found at " + jar
                        + " (set embedded.runtime in etc/" + StoreSettings.PID + ".cfg, or configure an external uri)");
            }
            Process p = new ProcessBuilder(command(jar))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(files.serverLog().toFile()))
                    .start();
            process = p;
            problem = "";
            LOG.info("Embedded Neo4j starting on 127.0.0.1:{} (pid {}, data {}, output {})",
                    settings.port(), p.pid(), files.home(), files.serverLog());
            p.onExit().thenAccept(this::exited);
        } catch (IOException | RuntimeException e) {
            problem = e.getMessage();
            LOG.error("Embedded Neo4j not started: {}; retrying in {} s", e.getMessage(), RESTART_DELAY_MS / 1000);
            scheduleRestart();
        }
    }

    private List<String> command(Path jar) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xms64m");
        cmd.add("-Xmx" + settings.heap());
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.add("-Dsteward.store.home=" + files.home());
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.add("home=" + files.home());
        cmd.add("port=" + settings.port());
        cmd.add("password-file=" + files.password());
        cmd.add("pid-file=" + files.pid());
        cmd.add("parent-pid=" + ProcessHandle.current().pid());
        cmd.add("pagecache=" + settings.pageCache());
        return cmd;
    }

    private void exited(Process p) {
        if (stopping || p != process) {
            return;
        }
        problem = "embedded Neo4j exited with code " + p.exitValue() + " (see " + files.serverLog() + ")";
        LOG.warn("{}; restarting in {} s", problem, RESTART_DELAY_MS / 1000);
        scheduleRestart();
    }

    private void scheduleRestart() {
        if (!stopping && !scheduler.isShutdown()) {
            scheduler.schedule(this::launch, RESTART_DELAY_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the server and waits for it; forces it down if it does not stop in time. */
    void stop() {
        stopping = true;
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        long t0 = System.nanoTime();
        p.destroy();
        try {
            if (!p.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                LOG.warn("Embedded Neo4j (pid {}) did not stop within {} s; killing it", p.pid(), STOP_TIMEOUT_MS / 1000);
                p.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        LOG.info("Embedded Neo4j stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }

    private static String generatePassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
