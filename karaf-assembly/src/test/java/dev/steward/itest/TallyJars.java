package dev.steward.itest;

import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.ops4j.pax.exam.Option;

/**
 * The sample tally agent's jar (built by the reactor) in the versions the hot-deploy tests drop into deploy/: the
 * same classes under another {@code Bundle-Version} (the agent's version) and, for the bad one, an agent id the
 * registry refuses. Prepared on the test's host side; the container finds them through a system property.
 */
final class TallyJars {

    static final String PROPERTY = "steward.tally.jars";
    static final String BSN = "dev.steward.sample.tally";

    private TallyJars() {
    }

    /** Writes tally-1.0.0.jar, tally-2.0.0.jar and tally-bad.jar, and the option that tells the container where. */
    static Option prepare() {
        try {
            Path source = Path.of(System.getProperty("steward.tally.jar"));
            Path dir = Files.createDirectories(Path.of("target", "tally-jars").toAbsolutePath());
            version(source, dir.resolve("tally-1.0.0.jar"), "1.0.0", null);
            version(source, dir.resolve("tally-2.0.0.jar"), "2.0.0", null);
            version(source, dir.resolve("tally-bad.jar"), "3.0.0", "Bad Agent!");
            return editConfigurationFilePut("etc/system.properties", PROPERTY, dir.toString());
        } catch (IOException e) {
            throw new IllegalStateException("the sample tally jar is not built: " + e.getMessage(), e);
        }
    }

    private static void version(Path source, Path target, String version, String agentId) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(source))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            if (agentId != null) {
                manifest.getMainAttributes().putValue("Steward-Agent-Id", agentId);
            }
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), manifest)) {
                copyEntries(in, out);
            }
        }
    }

    private static void copyEntries(JarInputStream in, JarOutputStream out) throws IOException {
        for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
            out.putNextEntry(new JarEntry(e.getName()));
            in.transferTo(out);
            out.closeEntry();
        }
    }

    /** Drops a jar into deploy/ at once: written beside it, then moved in, so FileInstall never sees half a jar. */
    static void deploy(Path jar, Path deploy) throws IOException {
        Path staged = deploy.resolveSibling(jar.getFileName() + ".part");
        Files.copy(jar, staged, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, deploy.resolve(jar.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }
}
