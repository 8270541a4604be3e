package dev.steward.core.internal.status;

import java.util.Map;
import java.util.stream.Collectors;

import dev.steward.api.status.BundleStatus;
import dev.steward.api.status.Health;
import dev.steward.api.status.HealthState;
import dev.steward.api.status.PlatformStatus;

/** Renders the platform status as the text of {@code steward:status} (and so of {@code bin/steward status}). */
public final class StatusReport {

    private StatusReport() {
    }

    private static String headline(PlatformStatus status) {
        if (status.ready()) {
            return "READY";
        }
        if (!status.serving()) {
            return "NOT READY";
        }
        return "READY WITH PROBLEMS (" + status.components().stream().filter(h -> h.state() != HealthState.UP)
                .map(Health::component).collect(Collectors.joining(", ")) + ")";
    }

    /**
     * The first line is {@code Steward <version>: READY}, {@code ...: READY WITH PROBLEMS (<components>)} when
     * it serves while a component is degraded, or {@code ...: NOT READY}; scripts wait for {@code ": READY"}.
     */
    public static String render(PlatformStatus status, boolean verbose) {
        StringBuilder out = new StringBuilder();
        out.append("Steward ").append(status.version()).append(": ").append(headline(status)).append('\n');
        out.append("Components\n");
        for (Health h : status.components()) {
            out.append(String.format("  %-11s %-9s %s%n", h.component(), h.state(), h.message()));
            if (verbose) {
                for (Map.Entry<String, String> d : h.details().entrySet()) {
                    out.append(String.format("  %-11s %-9s   %s: %s%n", "", "", d.getKey(), d.getValue()));
                }
            }
        }
        out.append("Bundles\n");
        for (BundleStatus b : status.bundles()) {
            out.append(String.format("  %-9s %s %s [%d]%n", b.state(), b.symbolicName(), b.version(), b.id()));
        }
        return out.toString();
    }
}
