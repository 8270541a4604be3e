package dev.steward.model.host;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Stops the model host when the platform process that started it is gone (killed with -9, say). */
final class ParentWatch {

    private ParentWatch() {
    }

    static void start(long parentPid) {
        if (parentPid <= 0) {
            return;
        }
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty()) {
            System.out.println("parent " + parentPid + " already gone; stopping");
            System.exit(0);
        }
        var timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "steward-model-host-parent-watch");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            if (!parent.get().isAlive()) {
                System.out.println("platform process " + parentPid + " is gone; stopping");
                System.out.flush();
                System.exit(0);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }
}
