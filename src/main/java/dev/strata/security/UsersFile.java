package dev.strata.security;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code users.yaml}: the local accounts. A wrong entry stops start-up rather than lock people out
 * or let them in silently.
 */
final class UsersFile {

    private static final Set<String> FIELDS =
            Set.of("username", "name", "email", "password", "roles", "disabled", "teams");

    private final ListFile file;

    UsersFile(Path path) {
        this.file = new ListFile(path, "users");
    }

    Path path() {
        return file.path();
    }

    boolean exists() {
        return file.exists();
    }

    List<Account> read() {
        Set<String> seen = new HashSet<>();
        List<Account> read = new ArrayList<>();
        return file.read((node, line) -> {
            ListFile.onlyFields(node, FIELDS);
            List<Role> roles = new ArrayList<>();
            for (String role : ListFile.texts(node, "roles", "[editor:dev, approver:staging]")) {
                roles.add(Role.parse(role));
            }
            List<String> teams = ListFile.texts(node, "teams", "[team-payments]");
            var account = new Account(
                    ListFile.text(node, "username"),
                    ListFile.text(node, "name"),
                    ListFile.text(node, "email"),
                    ListFile.text(node, "password"),
                    roles,
                    ListFile.flag(node, "disabled"),
                    teams);
            if (!seen.add(account.username())) {
                throw new IllegalArgumentException("duplicate username '" + account.username() + "'");
            }
            Account.lookAlike(account, read).ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
            read.add(account);
            return account;
        });
    }

    void write(List<Account> accounts) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Account a : accounts) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("username", a.username());
            entry.put("name", a.name());
            entry.put("email", a.email());
            entry.put("password", a.password());
            entry.put("roles", a.roles().stream().map(Role::toString).toList());
            if (a.disabled()) {
                entry.put("disabled", true);
            }
            if (!a.teams().isEmpty()) {
                entry.put("teams", a.teams());
            }
            entries.add(entry);
        }
        file.write(entries);
    }
}
