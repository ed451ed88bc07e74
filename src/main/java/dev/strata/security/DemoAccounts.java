package dev.strata.security;

import java.util.List;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The demo accounts of PRODUCT.md's walkthrough. Their password is {@code demo}: demo mode only. */
final class DemoAccounts {

    static final String PASSWORD = "demo";

    private DemoAccounts() {}

    static List<Account> create(PasswordEncoder passwords) {
        String hash = passwords.encode(PASSWORD);
        return List.of(
                new Account(
                        "alice",
                        "Alice Liddell",
                        "alice@example.com",
                        hash,
                        List.of(Role.parse("editor:dev"), Role.parse("editor:staging"))),
                new Account(
                        "bob",
                        "Bob Builder",
                        "bob@example.com",
                        hash,
                        List.of(Role.parse("approver:staging"), Role.parse("approver:production"))),
                new Account(
                        "carol",
                        "Carol Danvers",
                        "carol@example.com",
                        hash,
                        List.of(Role.parse("editor:*"), Role.parse("approver:*"))),
                new Account(
                        "dave", "Dave Lister", "dave@example.com", hash, List.of(Role.parse("approver:production"))),
                // limited to one team: edits and approves payments (owned by team-payments), nothing else
                new Account(
                        "erin",
                        "Erin Hannon",
                        "erin@example.com",
                        hash,
                        List.of(Role.parse("editor:*@team-payments"), Role.parse("approver:*@team-payments")),
                        false,
                        List.of("team-payments")),
                new Account("admin", "Administrator", "admin@example.com", hash, List.of(Role.admin())));
    }
}
