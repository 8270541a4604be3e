package dev.steward.core.internal.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import javax.security.auth.login.AppConfigurationEntry;

import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.boot.principal.GroupPrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
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
 * The accounts of the {@code karaf} realm, the one that guards the shell and the REST API: listed, added, removed and
 * re-passworded by the {@code steward:user-*} commands, every change written through {@link UsersFile} so that
 * Karaf's watcher of the file never sees it half written.
 *
 * <p>On first start, when the realm has no user, it adds {@value #OPERATOR} to the admin group with a generated
 * password (stored hashed by Karaf's engine) and writes that password once to {@code etc/operator.password},
 * readable by the owner only: no fixed default password exists anywhere.
 */
@Component(service = UserAccounts.class, immediate = true)
public final class UserAccounts {

    static final String OPERATOR = "operator";
    static final String REALM = "karaf";
    static final String PROPERTIES_MODULE = "org.apache.karaf.jaas.modules.properties.PropertiesLoginModule";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,63}");
    private static final Logger LOG = LoggerFactory.getLogger(UserAccounts.class);

    /** The roles an account can have, each a group of the realm with the same roles in users.properties. */
    public enum Role {
        /** Reads everything. */
        VIEWER,
        /** Reads and runs flows, approves, replays. */
        OPERATOR,
        /** Everything, forgetting and retention included. */
        ADMIN;

        String group() {
            return name().toLowerCase(Locale.ROOT) + "group";
        }

        /** The role named, case-insensitive; a clear error naming the choices otherwise. */
        public static Role of(String name) {
            for (Role r : values()) {
                if (r.name().equalsIgnoreCase(name)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("role '" + name + "' is not one of viewer, operator, admin");
        }
    }

    /** One account: its name and the groups it belongs to. */
    public record Account(String name, List<String> groups) {
    }

    private final List<JaasRealm> realms = new CopyOnWriteArrayList<>();
    private final List<BackingEngineFactory> engines = new CopyOnWriteArrayList<>();
    private volatile boolean operatorChecked;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addRealm(JaasRealm realm) {
        realms.add(realm);
        ensureOperator();
    }

    void removeRealm(JaasRealm realm) {
        realms.remove(realm);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addEngineFactory(BackingEngineFactory factory) {
        engines.add(factory);
        ensureOperator();
    }

    void removeEngineFactory(BackingEngineFactory factory) {
        engines.remove(factory);
    }

    /** Every account, by name, with its groups. */
    public List<Account> list() {
        return file().read(engine -> engine.listUsers().stream().map(UserPrincipal::getName).sorted()
                .map(name -> new Account(name, engine.listGroups(new UserPrincipal(name)).stream()
                        .map(GroupPrincipal::getName).sorted().toList()))
                .toList());
    }

    /** Adds an account with one role; refuses a name that exists or is not valid, and an empty password. */
    public void add(String name, String password, Role role) throws IOException {
        checkName(name);
        checkPassword(password);
        UsersFile file = file();
        if (file.read(engine -> engine.lookupUser(name)) != null) {
            throw new IllegalArgumentException("user '" + name + "' exists already");
        }
        file.change(engine -> {
            engine.addUser(name, password);
            engine.addGroup(name, role.group());
            return null;
        });
        LOG.info("Added the account '{}' with the role {}", name, role.name().toLowerCase(Locale.ROOT));
    }

    /** Sets a new password, keeping the account's groups. */
    public void password(String name, String password) throws IOException {
        checkPassword(password);
        existing(name).change(engine -> {
            engine.addUser(name, password);
            return null;
        });
        LOG.info("Changed the password of the account '{}'", name);
    }

    /** Removes an account; refuses to remove the last account with the admin role. */
    public void remove(String name) throws IOException {
        UsersFile file = existing(name);
        long admins = list().stream().filter(a -> a.groups().contains(Role.ADMIN.group())).count();
        boolean admin = list().stream().anyMatch(a -> a.name().equals(name) && a.groups().contains(Role.ADMIN.group()));
        if (admin && admins == 1) {
            throw new IllegalArgumentException("user '" + name + "' is the last admin: add another admin first");
        }
        file.change(engine -> {
            engine.deleteUser(name);
            return null;
        });
        LOG.info("Removed the account '{}'", name);
    }

    private UsersFile existing(String name) {
        UsersFile file = file();
        if (file.read(engine -> engine.lookupUser(name)) == null) {
            throw new IllegalArgumentException("no user '" + name + "'");
        }
        return file;
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("user name '" + name
                    + "' must be 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter");
        }
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < 12) {
            throw new IllegalArgumentException("the password must have at least 12 characters");
        }
    }

    private UsersFile file() {
        return module().orElseThrow(() -> new IllegalStateException(
                "The karaf realm's properties login module is not available yet"));
    }

    /** The karaf realm's properties login module, with the engine factory that edits its file. */
    private Optional<UsersFile> module() {
        for (JaasRealm realm : realms) {
            if (!REALM.equals(realm.getName())) {
                continue;
            }
            for (AppConfigurationEntry entry : realm.getEntries()) {
                for (BackingEngineFactory factory : engines) {
                    if (factory.getModuleClass().equals(moduleOf(entry)) && PROPERTIES_MODULE.equals(moduleOf(entry))) {
                        return Optional.of(new UsersFile(factory, entry.getOptions()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Karaf wraps each login module in a proxy that names the real one in an option. */
    private static Object moduleOf(AppConfigurationEntry entry) {
        Object proxied = entry.getOptions().get(ProxyLoginModule.PROPERTY_MODULE);
        return proxied != null ? proxied : entry.getLoginModuleName();
    }

    private synchronized void ensureOperator() {
        if (operatorChecked) {
            return;
        }
        Optional<UsersFile> file = module();
        if (file.isEmpty()) {
            return;
        }
        operatorChecked = true;
        try {
            createOperatorIfNoUser(file.get());
        } catch (IOException | RuntimeException e) {
            LOG.error("Operator account not created: {}", e.toString(), e);
        }
    }

    private static void createOperatorIfNoUser(UsersFile users) throws IOException {
        List<UserPrincipal> existing = users.read(BackingEngine::listUsers);
        if (!existing.isEmpty()) {
            LOG.debug("Realm {} has users {}: no operator account created", REALM, existing);
            return;
        }
        Path file = Path.of(System.getProperty("karaf.etc", "etc"), "operator.password");
        String password = generatePassword();
        // the account first, the file last: the file's presence says the account is there
        users.change(engine -> {
            engine.addUser(OPERATOR, password);
            engine.addGroup(OPERATOR, Role.ADMIN.group());
            return null;
        });
        try {
            writeOwnerOnly(file, password);
        } catch (IOException e) {
            users.change(engine -> {
                engine.deleteUser(OPERATOR);
                return null;
            });
            LOG.error("Operator account not created: cannot write {} ({})", file, e.getMessage());
            return;
        }
        LOG.info("Created the operator account '{}' (group {}); its password is in {} (readable by its owner only)",
                OPERATOR, Role.ADMIN.group(), file.toAbsolutePath());
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
