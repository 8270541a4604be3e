package dev.steward.core.internal.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.security.auth.login.AppConfigurationEntry;

import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.apache.karaf.jaas.modules.BackingEngine;
import org.apache.karaf.jaas.modules.BackingEngineFactory;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the operator account on first start, so that no fixed default password exists anywhere: when the
 * {@code karaf} realm has no user, it adds {@value #USER} to the admin group with a generated password,
 * through Karaf's own JAAS backing engine (which stores it hashed), and writes that password once to
 * {@code etc/operator.password}, readable by the owner only.
 */
@Component(immediate = true)
public final class OperatorAccount {

    static final String USER = "operator";
    static final String GROUP = "admingroup";
    static final String REALM = "karaf";
    private static final Logger LOG = LoggerFactory.getLogger(OperatorAccount.class);

    private final List<JaasRealm> realms = new CopyOnWriteArrayList<>();
    private final List<BackingEngineFactory> engines = new CopyOnWriteArrayList<>();
    private volatile boolean done;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addRealm(JaasRealm realm) {
        realms.add(realm);
        ensure();
    }

    void removeRealm(JaasRealm realm) {
        realms.remove(realm);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addEngineFactory(BackingEngineFactory factory) {
        engines.add(factory);
        ensure();
    }

    void removeEngineFactory(BackingEngineFactory factory) {
        engines.remove(factory);
    }

    private synchronized void ensure() {
        if (done) {
            return;
        }
        for (JaasRealm realm : realms) {
            if (!REALM.equals(realm.getName())) {
                continue;
            }
            for (AppConfigurationEntry entry : realm.getEntries()) {
                for (BackingEngineFactory factory : engines) {
                    if (factory.getModuleClass().equals(moduleOf(entry))) {
                        done = true;
                        try {
                            createIfNoUser(factory.build(entry.getOptions()));
                        } catch (RuntimeException e) {
                            LOG.error("Operator account not created: {}", e.toString(), e);
                        }
                        return;
                    }
                }
            }
        }
    }

    /** Karaf wraps each login module in a proxy that names the real one in an option. */
    private static Object moduleOf(AppConfigurationEntry entry) {
        Object proxied = entry.getOptions().get(ProxyLoginModule.PROPERTY_MODULE);
        return proxied != null ? proxied : entry.getLoginModuleName();
    }

    private void createIfNoUser(BackingEngine engine) {
        if (!engine.listUsers().isEmpty()) {
            LOG.debug("Realm {} has users {}: no operator account created", REALM, engine.listUsers());
            return;
        }
        Path file = Path.of(System.getProperty("karaf.etc", "etc"), "operator.password");
        String password = generatePassword();
        // the account first, the file last: the file's presence says the account is there, so a script (or a test)
        // that waits for it and then changes users.properties does not race this engine's writes to that file
        engine.addUser(USER, password);
        engine.addGroup(USER, GROUP);
        try {
            writeOwnerOnly(file, password);
        } catch (IOException e) {
            engine.deleteUser(USER);
            LOG.error("Operator account not created: cannot write {} ({})", file, e.getMessage());
            return;
        }
        LOG.info("Created the operator account '{}' (group {}); its password is in {} (readable by its owner only)",
                USER, GROUP, file.toAbsolutePath());
    }

    static void writeOwnerOnly(Path file, String secret) throws IOException {
        Files.deleteIfExists(file);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, secret + System.lineSeparator());
    }

    static String generatePassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
