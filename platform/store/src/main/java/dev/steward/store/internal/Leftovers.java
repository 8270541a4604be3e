package dev.steward.store.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears what an earlier run that was killed left behind: a stale pid file, or an orphaned store server of
 * this installation. A port held by anything else is reported, naming the setting to change.
 */
final class Leftovers {

    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);

    private final StoreFiles files;
    private final StoreSettings.Embedded settings;

    Leftovers(StoreFiles files, StoreSettings.Embedded settings) {
        this.files = files;
        this.settings = settings;
    }

    void clear() throws IOException {
        Optional<ProcessHandle> orphan = fromPidFile().or(this::byCommandLine);
        if (orphan.isPresent()) {
            ProcessHandle p = orphan.get();
            LOG.warn("Found the store server of an earlier run still running (pid {}); stopping it", p.pid());
            stop(p);
        } else if (Files.deleteIfExists(files.pid())) {
            LOG.info("Removed stale store pid file {} left by an earlier run", files.pid());
        }
        Files.deleteIfExists(files.pid());
        if (!portFree()) {
            throw new IllegalStateException("port " + settings.port() + " on 127.0.0.1 is held by another process "
                    + "(not a Steward store server); stop it or set embedded.port in etc/" + StoreSettings.PID + ".cfg");
        }
    }

    private Optional<ProcessHandle> fromPidFile() {
        try {
            if (!Files.exists(files.pid())) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(files.pid()).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::isOurServer);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** An orphan whose pid file is gone is still recognised by the store home on its command line. */
    private Optional<ProcessHandle> byCommandLine() {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).filter(this::isOurServer).findFirst();
    }

    private boolean isOurServer(ProcessHandle p) {
        String cmd = p.info().commandLine().orElse("");
        return p.pid() != ProcessHandle.current().pid()
                && cmd.contains(EmbeddedStoreServer.MAIN_JAR)
                && cmd.contains("home=" + files.home());
    }

    private static void stop(ProcessHandle p) {
        p.destroy();
        try {
            p.onExit().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            p.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
        }
    }

    private boolean portFree() {
        try (ServerSocket socket = new ServerSocket(settings.port(), 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
