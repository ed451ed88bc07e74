package dev.strata.security;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One entry of users.yaml. The password is kept in Spring Security's {@code {id}hash} form. A
 * disabled account stays in the file (its commits keep their author) but cannot sign in.
 */
public record Account(
        String username,
        String name,
        String email,
        String password,
        List<Role> roles,
        boolean disabled,
        List<String> teams) {

    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");
    /** No control characters, and no invisible format characters (bidi overrides) that make a name read as another. */
    private static final Pattern PRINTABLE = Pattern.compile("[^\\p{Cc}\\p{Cf}<>]+");

    private static final Pattern EMAIL = Pattern.compile("[^\\s@<>]+@[^\\s@<>]+");
    private static final Pattern ENCODED_PASSWORD = Pattern.compile("\\{[a-zA-Z0-9_-]+}.+");

    public Account {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("invalid username '" + username
                    + "': 1-100 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }
        if (password == null || !ENCODED_PASSWORD.matcher(password).matches()) {
            throw new IllegalArgumentException(
                    "the password of '" + username + "' must be encoded as {id}hash, for example {bcrypt}$2a$10$...");
        }
        name = name(username, name);
        email = email(username, email);
        roles = List.copyOf(roles);
        teams = List.copyOf(teams);
        for (String team : teams) {
            String problem = Role.teamProblem(team);
            if (problem != null) {
                throw new IllegalArgumentException("a team of '" + username + "': " + problem);
            }
        }
    }

    public Account(String username, String name, String email, String password, List<Role> roles) {
        this(username, name, email, password, roles, false, List.of());
    }

    // name and e-mail become the author line of Git commits, which a line break or '<' would forge

    static String name(String username, String name) {
        String value = name == null || name.isBlank() ? username : name.strip();
        if (value.length() > 200 || !PRINTABLE.matcher(value).matches()) {
            throw new IllegalArgumentException("the name of '" + username + "' must be at most 200 characters without "
                    + "line breaks, invisible formatting characters (such as right-to-left overrides), '<' or '>'");
        }
        return value;
    }

    static String email(String username, String email) {
        String value = email == null || email.isBlank() ? username + "@localhost" : email.strip();
        if (value.length() > 254 || !EMAIL.matcher(value).matches()) {
            throw new IllegalArgumentException("the e-mail of '" + username + "' must look like name@example.com");
        }
        return value;
    }

    /**
     * What makes {@code account} a look-alike of one of {@code others}, if anything: a user name that
     * differs only in case, or the same e-mail address (ignoring case). Commits and approvals name
     * people by name and e-mail, so an e-mail belongs to one account, which keeps every name and
     * e-mail pair of the history someone's own.
     */
    static Optional<String> lookAlike(Account account, Collection<Account> others) {
        for (Account other : others) {
            if (other.username().equals(account.username())) {
                continue;
            }
            if (sameIgnoringCase(other.username(), account.username())) {
                return Optional.of("username '" + account.username() + "' differs from '" + other.username()
                        + "' only in case; user names must differ in more than case");
            }
            if (sameIgnoringCase(other.email(), account.email())) {
                return Optional.of("the e-mail " + account.email() + " of '" + account.username()
                        + "' is already the e-mail of '" + other.username()
                        + "'; commits name people by name and e-mail, so each account needs an e-mail of its own");
            }
        }
        return Optional.empty();
    }

    static boolean sameIgnoringCase(String a, String b) {
        return a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }

    public Person person() {
        return new Person(username, name, email, Set.copyOf(roles), Set.copyOf(teams));
    }

    Account withRoles(List<Role> newRoles) {
        return new Account(username, name, email, password, newRoles, disabled, teams);
    }

    Account withPassword(String encoded) {
        return new Account(username, name, email, encoded, roles, disabled, teams);
    }

    Account withDisabled(boolean isDisabled) {
        return new Account(username, name, email, password, roles, isDisabled, teams);
    }

    Account withTeams(List<String> newTeams) {
        return new Account(username, name, email, password, roles, disabled, newTeams);
    }
}
