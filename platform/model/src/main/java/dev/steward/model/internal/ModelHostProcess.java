package dev.steward.model.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, watches and stops the local model host: a JVM of its own serving the default embedding model on
 * 127.0.0.1 over the OpenAI protocol. A host left running by a killed platform (its pid file names a live
 * {@value #MAIN_JAR} process) is stopped first; a host that exits on its own is restarted after a pause.
 */
final class ModelHostProcess {

    static final String MAIN_JAR = "dev.steward.model.host.jar";
    private static final Logger LOG = LoggerFactory.getLogger(ModelHostProcess.class);
    private static final long RESTART_DELAY_MS = 2000;
    private static final long STOP_TIMEOUT_MS = 5000;

    private final ModelSettings settings;
    private final ScheduledExecutorService scheduler;
    private volatile Process process;
    private volatile boolean stopping;
    private volatile String problem = "";

    ModelHostProcess(ModelSettings settings, ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.scheduler = scheduler;
    }

    /** Why the host is not running, or empty. */
    String problem() {
        return problem;
    }

    void start() {
        scheduler.execute(this::launch);
    }

    private Path pidFile() {
        return settings.data().resolve("model-host.pid");
    }

    private Path log() {
        return settings.data().resolve("model-host.log");
    }

    private void launch() {
        if (stopping) {
            return;
        }
        try {
            Files.createDirectories(settings.data().resolve("model-cache"));
            stopLeftover();
            Path jar = settings.runtime().resolve(MAIN_JAR);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("model host runtime not found at " + jar + " (set embedded.runtime in etc/"
                        + ModelSettings.PID + ".cfg, or mode = external with a url)");
            }
            Process p = new ProcessBuilder(command(jar)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
            process = p;
            problem = "";
            LOG.info("Model host starting on 127.0.0.1:{} (pid {}, output {})", settings.port(), p.pid(), log());
            p.onExit().thenAccept(this::exited);
        } catch (IOException | RuntimeException e) {
            problem = e.getMessage();
            LOG.error("Model host not started: {}; retrying in {} s", e.getMessage(), RESTART_DELAY_MS / 1000);
            scheduleRestart();
        }
    }

    private List<String> command(Path jar) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + settings.heap());
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        // DJL/ONNX Runtime extract their native library here rather than into the user's home
        cmd.add("-DENGINE_CACHE_DIR=" + settings.data().resolve("model-cache"));
        cmd.add("-Djava.io.tmpdir=" + settings.data().resolve("model-cache"));
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.add("port=" + settings.port());
        cmd.add("model=" + settings.model());
        cmd.add("pid-file=" + pidFile());
        cmd.add("parent-pid=" + ProcessHandle.current().pid());
        return cmd;
    }

    /** Stops a host of this installation that a killed platform left running (its pid file names it). */
    private void stopLeftover() throws IOException {
        if (!Files.isRegularFile(pidFile())) {
            return;
        }
        String text = Files.readString(pidFile()).strip();
        Files.deleteIfExists(pidFile());
        Optional<ProcessHandle> old;
        try {
            old = ProcessHandle.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return;
        }
        old.filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains(MAIN_JAR)).orElse(false))
                .ifPresent(h -> {
                    LOG.warn("Stopping a model host left running by an earlier run (pid {})", h.pid());
                    h.destroy();
                    h.onExit().orTimeout(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                            .exceptionally(t -> { h.destroyForcibly(); return h; }).join();
                });
    }

    private void exited(Process p) {
        if (stopping || p != process) {
            return;
        }
        problem = "model host exited with code " + p.exitValue() + " (see " + log() + ")";
        LOG.warn("{}; restarting in {} s", problem, RESTART_DELAY_MS / 1000);
        scheduleRestart();
    }

    private void scheduleRestart() {
        if (!stopping && !scheduler.isShutdown()) {
            scheduler.schedule(this::launch, RESTART_DELAY_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the host and waits for it; forces it down if it does not stop in time. */
    void stop() {
        stopping = true;
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                LOG.warn("Model host (pid {}) did not stop within {} s; killing it", p.pid(), STOP_TIMEOUT_MS / 1000);
                p.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        LOG.info("Model host stopped");
    }
}
