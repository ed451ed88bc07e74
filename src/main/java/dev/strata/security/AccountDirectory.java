package dev.strata.security;

import dev.strata.AtomicFile;
import dev.strata.DataDirectory;
import dev.strata.StartupProblem;
import dev.strata.StrataProperties;
import dev.strata.config.AlreadyExistsException;
import dev.strata.config.NotFoundException;
import dev.strata.config.ValidationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
    private final SsoIdentities ssoIdentities;
    private final PasswordEncoder passwords;
    /** Who holds a user name and an e-mail is decided over both files at once. */
    private final Object identityLock = new Object();

    AccountDirectory(StrataProperties properties, DataDirectory dataDir, PasswordEncoder passwords) {
        this.passwords = passwords;
        var users = new UsersFile(dataDir.resolve("users.yaml"));
        if (!users.exists()) {
            users.write(
                    properties.demo()
                            ? DemoAccounts.create(passwords)
                            : List.of(initialAdmin(dataDir.path(), passwords)));
        }
        this.file = new LiveList<>(users.path(), users::read, users::write);
        this.ssoIdentities = new SsoIdentities(dataDir.resolve("sso-identities.yaml"));
        log.info("Loaded {} account(s) from {}", file.entries().size(), users.path());
    }

    private static Account initialAdmin(Path dataDir, PasswordEncoder passwords) {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path target = dataDir.resolve("initial-admin-password");
        try {
            AtomicFile.write(target, (password + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException | UnsupportedOperationException e) {
            throw new StartupProblem(
                    "Cannot write the initial admin password to " + target + ": " + e.getMessage(),
                    "Make " + dataDir + " writable by the user running Strata.",
                    e);
        }
        log.warn(
                "Created account 'admin'; its password is in {} (readable by this user only). "
                        + "Sign in, then delete that file.",
                target);
        return new Account(
                "admin", "Administrator", "admin@localhost", passwords.encode(password), List.of(Role.admin()));
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        Account account = find(username).orElseThrow(() -> new UsernameNotFoundException("Bad credentials"));
        return new StrataUser(
                account.person(),
                account.password(),
                !account.disabled(),
                account.roles().stream()
                        .map(StrataUser::authority)
                        .map(SimpleGrantedAuthority::new)
                        .toList());
    }

    /** Every account, by user name. */
    public List<Account> accounts() {
        return file.entries().stream()
                .sorted(Comparator.comparing(Account::username))
                .toList();
    }

    public Optional<Account> find(String username) {
        return file.entries().stream()
                .filter(account -> account.username().equals(username))
                .findFirst();
    }

    /** What is wrong with users.yaml on disk while the accounts read before stay in force. */
    public Optional<String> fileProblem() {
        return file.problem();
    }

    /**
     * Adds an account with the password {@code rawPassword}.
     *
     * @throws AlreadyExistsException when the user name is taken, also in other letter case, by an
     *                                account or a single sign-on identity
     * @throws ValidationException    when the password is too short or too long, or the e-mail is
     *                                already someone else's
     */
    public void create(String username, String name, String email, String rawPassword, List<Role> roles) {
        if (username == null || !Account.USERNAME.matcher(username).matches()) {
            throw new ValidationException(
                    "username",
                    "A user name has 1-100 letters, digits, '.', '_', '@' or '-', "
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
        synchronized (identityLock) {
            file.update(accounts -> {
                for (Account other : accounts) {
                    if (Account.sameIgnoringCase(other.username(), account.username())) {
                        throw new AlreadyExistsException("There is already an account '" + other.username() + "'"
                                + (other.username().equals(account.username())
                                        ? "."
                                        : "; user names must differ in more than case."));
                    }
                    if (Account.sameIgnoringCase(other.email(), account.email())) {
                        throw emailTaken(account.email(), "the account '" + other.username() + "'");
                    }
                }
                for (SsoIdentities.Identity identity : ssoIdentities.entries()) {
                    if (Account.sameIgnoringCase(identity.username(), account.username())) {
                        throw new AlreadyExistsException("'" + identity.username()
                                + "' already signs in through single sign-on;" + " choose another user name.");
                    }
                    if (Account.sameIgnoringCase(identity.email(), account.email())) {
                        throw emailTaken(
                                account.email(), "'" + identity.username() + "', who signs in through single sign-on");
                    }
                }
                List<Account> next = new ArrayList<>(accounts);
                next.add(account);
                return next;
            });
        }
    }

    private static ValidationException emailTaken(String email, String holder) {
        return new ValidationException(
                "email",
                "The e-mail " + email + " is already that of " + holder
                        + ": commits and approvals name people by name and e-mail, so each person needs an e-mail of their own.");
    }

    /**
     * Admits a single sign-on identity ({@code issuer} and {@code subject}) as the user name and
     * e-mail it signs in with, and remembers that it holds them. Each person is one identity in the
     * history, so it is refused when a local account holds that user name (in any letter case) or
     * e-mail, or another subject already signed in with either: an identity provider that lets
     * people choose their e-mail would otherwise let one pass for another. The same subject may come
     * back with a new name or e-mail, as long as no one else holds it.
     *
     * @throws AlreadyExistsException when the user name or the e-mail is someone else's
     */
    public void admitSingleSignOn(String issuer, String subject, String username, String email, Set<String> teams) {
        synchronized (identityLock) {
            for (Account account : file.entries()) {
                if (Account.sameIgnoringCase(account.username(), username)
                        || Account.sameIgnoringCase(account.email(), email)) {
                    throw new AlreadyExistsException(
                            "Your user name " + username + " or e-mail " + email + " belongs to an"
                                    + " account of Strata's own, so you cannot sign in with single sign-on as well. Ask an"
                                    + " administrator to remove that account or change what your identity provider sends.");
                }
            }
            SsoIdentities.Identity signedIn =
                    new SsoIdentities.Identity(issuer, subject, username, email, List.copyOf(new TreeSet<>(teams)));
            for (SsoIdentities.Identity identity : ssoIdentities.entries()) {
                if (!identity.sameSubject(issuer, subject)
                        && (Account.sameIgnoringCase(identity.username(), username)
                                || Account.sameIgnoringCase(identity.email(), email))) {
                    throw new AlreadyExistsException(
                            "Your user name " + username + " or e-mail " + email + " is already"
                                    + " someone else's at your identity provider, who signed in to Strata with it before. Ask an"
                                    + " administrator.");
                }
            }
            if (!ssoIdentities.entries().contains(signedIn)) {
                ssoIdentities.update(identities -> {
                    List<SsoIdentities.Identity> next = new ArrayList<>(identities);
                    next.removeIf(identity -> identity.sameSubject(issuer, subject));
                    next.add(signedIn);
                    return next;
                });
            }
        }
    }

    /**
     * The teams of {@code username} as far as Strata knows them now: a local account's from
     * users.yaml, a single sign-on identity's from its last sign-in; none for anyone else.
     */
    public Set<String> teamsOf(String username) {
        Optional<Account> account = find(username);
        if (account.isPresent()) {
            return Set.copyOf(account.get().teams());
        }
        return ssoIdentities.entries().stream()
                .filter(identity -> identity.username().equals(username))
                .findFirst()
                .map(identity -> Set.copyOf(identity.teams()))
                .orElse(Set.of());
    }

    /** Every single sign-on person with their teams as of their last sign-in, by user name. */
    public Map<String, List<String>> singleSignOnTeams() {
        Map<String, List<String>> teams = new TreeMap<>();
        ssoIdentities.entries().forEach(identity -> teams.put(identity.username(), identity.teams()));
        return teams;
    }

    /** Sets the teams of a local account. */
    public void setTeams(String username, List<String> teams) {
        change(username, account -> account.withTeams(teams));
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
            throw new ValidationException(
                    "password", "The password needs at least " + MIN_PASSWORD_LENGTH + " characters.");
        }
        if (rawPassword.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new ValidationException(
                    "password",
                    "The password may have at most " + MAX_PASSWORD_BYTES
                            + " bytes (UTF-8); longer ones are not checked beyond that.");
        }
        return passwords.encode(rawPassword);
    }
}
