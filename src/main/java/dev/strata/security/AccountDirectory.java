package dev.strata.security;

import dev.strata.StartupProblem;
import dev.strata.DataDirectory;
import dev.strata.StrataProperties;
import dev.strata.config.AlreadyExistsException;
import dev.strata.config.NotFoundException;
import dev.strata.config.ValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
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
    static final int MIN_PASSWORD_LENGTH = 10;
    /** bcrypt reads no further than 72 bytes; a longer password would only seem stronger. */
    static final int MAX_PASSWORD_BYTES = 72;

    private final LiveList<Account> file;
    private final PasswordEncoder passwords;

    AccountDirectory(StrataProperties properties, DataDirectory dataDir, PasswordEncoder passwords) {
        this.passwords = passwords;
        var users = new UsersFile(dataDir.resolve("users.yaml"));
        if (!users.exists()) {
            users.write(properties.demo() ? DemoAccounts.create(passwords) : List.of(initialAdmin(dataDir.path(), passwords)));
        }
        this.file = new LiveList<>(users.path(), users::read, users::write);
        log.info("Loaded {} account(s) from {}", file.entries().size(), users.path());
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
        Account account = find(username).orElseThrow(() -> new UsernameNotFoundException("Bad credentials"));
        return new StrataUser(account.person(), account.password(), !account.disabled(),
                account.roles().stream().map(StrataUser::authority).map(SimpleGrantedAuthority::new).toList());
    }

    /** Every account, by user name. */
    public List<Account> accounts() {
        return file.entries().stream().sorted(Comparator.comparing(Account::username)).toList();
    }

    public Optional<Account> find(String username) {
        return file.entries().stream().filter(account -> account.username().equals(username)).findFirst();
    }

    /** What is wrong with users.yaml on disk while the accounts read before stay in force. */
    public Optional<String> fileProblem() {
        return file.problem();
    }

    /**
     * Adds an account with the password {@code rawPassword}.
     *
     * @throws AlreadyExistsException when the user name is taken
     * @throws ValidationException    when the password is too short or too long
     */
    public void create(String username, String name, String email, String rawPassword, List<Role> roles) {
        if (username == null || !Account.USERNAME.matcher(username).matches()) {
            throw new ValidationException("username", "A user name has 1-100 letters, digits, '.', '_', '@' or '-', "
                    + "starting with a letter or digit.");
        }
        try {
            Account.name(username, name);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("name", e.getMessage());
        }
        try {
            Account.email(username, email);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("email", e.getMessage());
        }
        Account account = new Account(username, name, email, encodeNew(rawPassword), roles);
        file.update(accounts -> {
            if (accounts.stream().anyMatch(a -> a.username().equals(account.username()))) {
                throw new AlreadyExistsException("There is already an account '" + account.username() + "'.");
            }
            List<Account> next = new ArrayList<>(accounts);
            next.add(account);
            return next;
        });
    }

    /** Sets the roles of an account. */
    public void setRoles(String username, List<Role> roles) {
        change(username, account -> account.withRoles(roles));
    }

    /** Disables an account (it can no longer sign in) or enables it again. */
    public void setDisabled(String username, boolean disabled) {
        change(username, account -> account.withDisabled(disabled));
    }

    /** Gives an account a new password, as an admin resetting it. */
    public void resetPassword(String username, String rawPassword) {
        String encoded = encodeNew(rawPassword);
        change(username, account -> account.withPassword(encoded));
    }

    /**
     * Changes one's own password, proven by the current one.
     *
     * @throws ValidationException when {@code current} is wrong, or the new password breaks a rule
     */
    public void changeOwnPassword(String username, String current, String rawPassword) {
        String encoded = encodeNew(rawPassword);
        change(username, account -> {
            if (current == null || !passwords.matches(current, account.password())) {
                throw new ValidationException("current", "The current password is not correct.");
            }
            return account.withPassword(encoded);
        });
    }

    private void change(String username, UnaryOperator<Account> change) {
        file.update(accounts -> {
            List<Account> next = new ArrayList<>(accounts);
            int index = next.stream().map(Account::username).toList().indexOf(username);
            if (index < 0) {
                throw new NotFoundException("There is no account '" + username + "'.");
            }
            next.set(index, change.apply(next.get(index)));
            return next;
        });
    }

    private String encodeNew(String rawPassword) {
        if (rawPassword == null || rawPassword.codePointCount(0, rawPassword.length()) < MIN_PASSWORD_LENGTH) {
            throw new ValidationException("password", "The password needs at least " + MIN_PASSWORD_LENGTH + " characters.");
        }
        if (rawPassword.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new ValidationException("password", "The password may have at most " + MAX_PASSWORD_BYTES
                    + " bytes (UTF-8); longer ones are not checked beyond that.");
        }
        return passwords.encode(rawPassword);
    }
}
