package dev.strata.security;

import dev.strata.StartupProblem;
import dev.strata.DataDirectory;
import dev.strata.StrataProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * The local accounts of {@code $STRATA_DATA_DIR/users.yaml}. On a first start it writes the file:
 * the demo accounts in demo mode, otherwise one {@code admin} with a random password that is put
 * into {@code initial-admin-password} (readable by the owner only) and never logged.
 */
@Service
public class AccountDirectory implements UserDetailsService {

    private static final Logger log = LoggerFactory.getLogger(AccountDirectory.class);

    private final UsersFile file;
    private final Map<String, Account> accounts;

    AccountDirectory(StrataProperties properties, DataDirectory dataDir, PasswordEncoder passwords) {
        this.file = new UsersFile(dataDir.resolve("users.yaml"));
        if (!file.exists()) {
            file.write(properties.demo() ? DemoAccounts.create(passwords) : List.of(initialAdmin(dataDir.path(), passwords)));
        }
        this.accounts = file.read().stream().collect(Collectors.toUnmodifiableMap(Account::username, Function.identity()));
        log.info("Loaded {} account(s) from {}", accounts.size(), file.path());
    }

    private static Account initialAdmin(Path dataDir, PasswordEncoder passwords) {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path target = dataDir.resolve("initial-admin-password");
        try {
            Files.deleteIfExists(target);
            Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(target, password + System.lineSeparator());
        } catch (IOException | UnsupportedOperationException e) {
            throw new StartupProblem("Cannot write the initial admin password to " + target + ": " + e.getMessage(),
                    "Make " + dataDir + " writable by the user running Strata.", e);
        }
        log.warn("Created account 'admin'; its password is in {} (readable by this user only). "
                + "Sign in, then delete that file.", target);
        return new Account("admin", "Administrator", "admin@localhost", passwords.encode(password), List.of(Role.admin()));
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        Account account = accounts.get(username);
        if (account == null) {
            throw new UsernameNotFoundException("Bad credentials");
        }
        return new StrataUser(account.person(), account.password(),
                account.roles().stream().map(StrataUser::authority).map(SimpleGrantedAuthority::new).toList());
    }
}
