package dev.steward.core.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.security.auth.login.AppConfigurationEntry;

import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.apache.karaf.jaas.modules.properties.PropertiesBackingEngineFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The accounts of a realm backed by Karaf's real properties engine on a file of the test's. */
class UserAccountsTest {

    @TempDir
    Path etc;
    private UserAccounts accounts;

    @BeforeEach
    void realm() throws Exception {
        System.setProperty("karaf.etc", etc.toString());
        Path users = etc.resolve("users.properties");
        Files.writeString(users, "_g_\\:admingroup = group,admin,viewer\n_g_\\:viewergroup = group,viewer\n");
        Map<String, Object> options = Map.of("users", users.toString(),
                ProxyLoginModule.PROPERTY_MODULE, UserAccounts.PROPERTIES_MODULE);
        accounts = new UserAccounts();
        accounts.addEngineFactory(new PropertiesBackingEngineFactory());
        accounts.addRealm(new JaasRealm() {
            @Override
            public String getName() {
                return "karaf";
            }

            @Override
            public int getRank() {
                return 0;
            }

            @Override
            public AppConfigurationEntry[] getEntries() {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(ProxyLoginModule.class.getName(),
                        AppConfigurationEntry.LoginModuleControlFlag.OPTIONAL, options)};
            }
        });
    }

    @AfterEach
    void clear() {
        System.clearProperty("karaf.etc");
    }

    @Test
    void theFirstStartCreatesTheOperatorAsAdminWithItsPasswordInAnOwnerOnlyFile() throws Exception {
        assertEquals(List.of(new UserAccounts.Account("operator", List.of("admingroup"))), accounts.list());
        Path password = etc.resolve("operator.password");
        assertTrue(Files.readString(password).strip().length() >= 20, "a generated password");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(password)));
    }

    @Test
    void accountsAreAddedWithTheirRoleAndRemovedButNeverTheLastAdmin() throws Exception {
        accounts.add("alice", "a-long-passphrase", UserAccounts.Role.VIEWER);
        assertEquals(List.of(new UserAccounts.Account("alice", List.of("viewergroup")),
                new UserAccounts.Account("operator", List.of("admingroup"))), accounts.list());
        accounts.password("alice", "another-passphrase");
        assertEquals(List.of("viewergroup"), accounts.list().get(0).groups(), "a new password keeps the role");

        assertEquals("user 'alice' exists already", assertThrows(IllegalArgumentException.class,
                () -> accounts.add("alice", "a-long-passphrase", UserAccounts.Role.ADMIN)).getMessage());
        assertEquals("the password must have at least 12 characters", assertThrows(IllegalArgumentException.class,
                () -> accounts.add("bob", "short", UserAccounts.Role.VIEWER)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> accounts.add("Bob Smith", "a-long-passphrase",
                UserAccounts.Role.VIEWER)).getMessage().startsWith("user name 'Bob Smith' must be"));
        assertEquals("role 'root' is not one of viewer, operator, admin",
                assertThrows(IllegalArgumentException.class, () -> UserAccounts.Role.of("root")).getMessage());
        assertEquals("user 'operator' is the last admin: add another admin first",
                assertThrows(IllegalArgumentException.class, () -> accounts.remove("operator")).getMessage());
        assertEquals("no user 'carol'", assertThrows(IllegalArgumentException.class,
                () -> accounts.remove("carol")).getMessage());

        accounts.remove("alice");
        assertEquals(List.of("operator"), accounts.list().stream().map(UserAccounts.Account::name).toList());
        String file = Files.readString(etc.resolve("users.properties"));
        assertTrue(!file.contains("alice"), file);
    }
}
