package dev.strata.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.DataDirectory;
import dev.strata.config.AlreadyExistsException;
import dev.strata.config.NotFoundException;
import dev.strata.config.ValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.authentication.CredentialsExpiredException;

class TokenDirectoryTest {

    @TempDir
    Path dataDir;

    private TokenDirectory tokens(String yaml) throws Exception {
        Files.writeString(dataDir.resolve("tokens.yaml"), yaml);
        return new TokenDirectory(new DataDirectory(dataDir));
    }

    @Test
    void a_token_is_recognised_by_its_hash_and_covers_only_its_scopes() throws Exception {
        var directory = tokens("tokens:\n  - name: payments-production\n    sha256: " + TokenDirectory.sha256("t0k3n")
                + "\n    scopes: [payments:production, \"*:dev\"]\n");

        var token = directory.authenticate("t0k3n").orElseThrow();

        assertThat(token.name()).isEqualTo("payments-production");
        assertThat(token.covers("payments", "production", List.of())).isTrue();
        assertThat(token.covers("checkout", "dev", List.of())).isTrue();
        assertThat(token.covers("payments", "staging", List.of())).isFalse();
        assertThat(token.covers("checkout", "production", List.of())).isFalse();
        assertThat(directory.authenticate("t0k3n ")).isEmpty();
        assertThat(directory.authenticate("")).isEmpty();
        assertThat(directory.authenticate("t".repeat(10_000))).isEmpty();
    }

    @Test
    void a_team_scope_covers_every_application_the_team_owns_and_nothing_else() throws Exception {
        var directory = tokens("tokens:\n  - name: payments-team\n    sha256: " + TokenDirectory.sha256("t0k3n")
                + "\n    scopes: [\"team:team-payments:*\", \"team:team-search:production\"]\n");

        var token = directory.authenticate("t0k3n").orElseThrow();

        assertThat(token.scopes())
                .extracting(TokenScope::toString)
                .containsExactly("team:team-payments:*", "team:team-search:production");
        assertThat(token.covers("payments", "dev", List.of("team-payments"))).isTrue();
        assertThat(token.covers("ledger", "production", List.of("team-checkout", "team-payments")))
                .isTrue();
        assertThat(token.covers("search", "production", List.of("team-search"))).isTrue();
        assertThat(token.covers("search", "dev", List.of("team-search"))).isFalse();
        assertThat(token.covers("checkout", "dev", List.of("team-checkout"))).isFalse();
        assertThat(token.covers("team-payments", "dev", List.of()))
                .as("an application without owners")
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"team::dev", "team:Team:dev", "team:team-payments:", "team:team-payments:dev:x", "team:../x:dev"
            })
    void team_scopes_with_bad_names_are_refused(String scope) {
        assertThatThrownBy(() -> TokenScope.parse(scope))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("team:<team>:<env>");
    }

    @Test
    void no_tokens_file_means_no_token_is_valid() {
        assertThat(new TokenDirectory(new DataDirectory(dataDir)).authenticate("anything"))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../x:dev",
                "payments:../prod",
                "payments",
                "payments:prod:x",
                "Payments:dev",
                ":dev",
                "payments:",
                ".git:dev",
                "pay/ments:dev"
            })
    void scopes_with_path_tricks_or_bad_names_are_refused(String scope) {
        assertThatThrownBy(() -> TokenScope.parse(scope))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected <app>:<env>");
    }

    @Test
    void a_token_stored_in_plaintext_is_refused_naming_the_line() {
        assertThatThrownBy(() -> tokens("tokens:\n  - name: ci\n    sha256: secret-token\n    scopes: [\"*:*\"]\n"))
                .isInstanceOf(AccountsFileException.class)
                .hasMessageEndingWith("tokens.yaml:2: the sha256 of token 'ci' must be 64 lower-case hex digits");
    }

    @Test
    void an_issued_token_works_at_once_is_stored_only_as_its_hash_and_stops_working_when_revoked() throws Exception {
        var directory = new TokenDirectory(new DataDirectory(dataDir));

        String token = directory.issue("payments-ci", List.of("payments:dev", "*:staging"));

        String file = Files.readString(dataDir.resolve("tokens.yaml"));
        assertThat(file).contains(TokenDirectory.sha256(token)).doesNotContain(token);
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("tokens.yaml")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(token).startsWith("strata_").hasSize(7 + 48);
        assertThat(directory.authenticate(token))
                .hasValueSatisfying(t ->
                        assertThat(t.covers("checkout", "staging", List.of())).isTrue());
        assertThat(new TokenDirectory(new DataDirectory(dataDir)).authenticate(token))
                .as("after a restart")
                .isPresent();

        directory.revoke("payments-ci");

        assertThat(directory.authenticate(token)).isEmpty();
        assertThatThrownBy(() -> directory.revoke("payments-ci")).isInstanceOf(NotFoundException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../etc:passwd", "payments", "payments:prod/../dev", "*", "PAYMENTS:dev", "a:b:c"})
    void a_token_with_a_malformed_scope_is_not_issued(String scope) {
        var directory = new TokenDirectory(new DataDirectory(dataDir));

        assertThatThrownBy(() -> directory.issue("bad", List.of(scope)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("scope");
        assertThat(directory.tokens()).isEmpty();
    }

    @Test
    void a_token_needs_a_plain_name_and_at_least_one_scope() {
        var directory = new TokenDirectory(new DataDirectory(dataDir));

        assertThatThrownBy(() -> directory.issue("../x", List.of("payments:dev")))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> directory.issue("x".repeat(101), List.of("payments:dev")))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> directory.issue("ok", List.of())).isInstanceOf(ValidationException.class);
        directory.issue("ok", List.of("payments:dev"));
        assertThatThrownBy(() -> directory.issue("ok", List.of("payments:dev")))
                .isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    void tokens_issued_by_two_admins_at_once_are_all_kept() throws Exception {
        var directory = new TokenDirectory(new DataDirectory(dataDir));
        List<String> issued = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            List<Future<?>> done = new ArrayList<>();
            for (String who : List.of("x", "y")) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        issued.add(directory.issue(who + i, List.of("payments:dev")));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }

        var restarted = new TokenDirectory(new DataDirectory(dataDir));
        assertThat(restarted.tokens()).hasSize(20);
        assertThat(issued)
                .allSatisfy(token -> assertThat(restarted.authenticate(token)).isPresent());
    }

    @Test
    void the_last_use_is_kept_in_memory_and_written_to_the_file_in_batches() throws Exception {
        var now = Instant.parse("2026-11-24T10:00:00Z");
        var directory = new TokenDirectory(new DataDirectory(dataDir), Clock.fixed(now, ZoneOffset.UTC));
        String token = directory.issue("ci", List.of("payments:dev"));
        assertThat(directory.tokens().getFirst().lastUsed()).isNull();

        for (int i = 0; i < 100; i++) {
            directory.authenticate(token);
        }

        assertThat(directory.tokens().getFirst().lastUsed()).isEqualTo(now);
        assertThat(Files.readString(dataDir.resolve("tokens.yaml")))
                .as("not written per request")
                .doesNotContain("lastUsed");
        directory.saveUses();
        assertThat(new TokenDirectory(new DataDirectory(dataDir))
                        .tokens()
                        .getFirst()
                        .lastUsed())
                .isEqualTo(now);
    }

    /** A clock the test moves by hand. */
    private static final class MovingClock extends Clock {
        Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void a_token_is_refused_from_its_expiry_on_while_tokens_without_one_keep_working() throws Exception {
        Files.writeString(
                dataDir.resolve("tokens.yaml"),
                "tokens:\n"
                        + "  - name: until-day\n    sha256: " + TokenDirectory.sha256("day-token")
                        + "\n    scopes: [\"*:*\"]\n"
                        + "    expires: 2027-01-31\n"
                        + "  - name: until-noon\n    sha256: " + TokenDirectory.sha256("noon-token")
                        + "\n    scopes: [\"*:*\"]\n"
                        + "    expires: 2027-01-30T12:00:00Z\n"
                        + "  - name: forever\n    sha256: " + TokenDirectory.sha256("old-token")
                        + "\n    scopes: [\"*:*\"]\n");
        var clock = new MovingClock(Instant.parse("2027-01-30T11:59:59Z"));
        var directory = new TokenDirectory(new DataDirectory(dataDir), clock);

        assertThat(directory.authenticate("noon-token")).isPresent();
        clock.now = Instant.parse("2027-01-30T12:00:00Z");
        assertThatThrownBy(() -> directory.authenticate("noon-token"))
                .isInstanceOf(CredentialsExpiredException.class)
                .hasMessage("This token has expired; ask an administrator for a new one.");
        clock.now = Instant.parse("2027-01-30T23:59:59Z");
        assertThat(directory.authenticate("day-token"))
                .as("valid until the day it names")
                .isPresent();
        clock.now = Instant.parse("2027-01-31T00:00:00Z");
        assertThatThrownBy(() -> directory.authenticate("day-token")).isInstanceOf(CredentialsExpiredException.class);
        clock.now = Instant.parse("2099-01-01T00:00:00Z");
        assertThat(directory.authenticate("old-token"))
                .as("a token without expiry")
                .isPresent();
        assertThat(directory.authenticate("wrong")).isEmpty();
    }

    @Test
    void a_token_is_issued_with_an_expiry_in_the_future_only_and_keeps_it_in_the_file() throws Exception {
        var clock = new MovingClock(Instant.parse("2027-01-01T00:00:00Z"));
        var directory = new TokenDirectory(new DataDirectory(dataDir), clock);

        assertThatThrownBy(() -> directory.issue("late", List.of("*:*"), "2026-12-31"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("already past");
        assertThatThrownBy(() -> directory.issue("late", List.of("*:*"), "next tuesday"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("2027-01-31");
        String token = directory.issue("ci", List.of("*:*"), "2027-02-01");

        assertThat(Files.readString(dataDir.resolve("tokens.yaml"))).contains("expires:", "2027-02-01T00:00:00Z");
        var reread = new TokenDirectory(new DataDirectory(dataDir), clock);
        assertThat(reread.tokens().getFirst().expires()).isEqualTo(Instant.parse("2027-02-01T00:00:00Z"));
        assertThat(reread.authenticate(token)).isPresent();
        clock.now = Instant.parse("2027-02-01T00:00:00Z");
        assertThat(reread.expired(reread.tokens().getFirst())).isTrue();
        assertThatThrownBy(() -> reread.authenticate(token)).isInstanceOf(CredentialsExpiredException.class);
    }

    @Test
    void a_malformed_expiry_in_the_file_is_refused_naming_the_line() {
        assertThatThrownBy(() -> tokens("tokens:\n  - name: ci\n    sha256: " + TokenDirectory.sha256("x")
                        + "\n    scopes: [\"*:*\"]\n    expires: soon\n"))
                .isInstanceOf(AccountsFileException.class)
                .hasMessageEndingWith(
                        "tokens.yaml:2: 'expires' must be a date such as 2027-01-31 or a time such as 2027-01-31T12:00:00Z");
    }

    @Test
    void a_token_taken_out_of_the_file_by_hand_is_refused_at_once_though_it_was_just_used() throws Exception {
        var directory = tokens("tokens:\n  - name: ci\n    sha256: " + TokenDirectory.sha256("ci-token")
                + "\n    scopes: [\"*:*\"]\n  - name: other\n    sha256: " + TokenDirectory.sha256("other-token")
                + "\n    scopes: [\"*:*\"]\n");
        assertThat(directory.authenticate("ci-token")).isPresent();
        assertThat(directory.authenticate("ci-token")).isPresent();

        // a file of another length, so that the change is seen even within the file system's time resolution
        Files.writeString(
                dataDir.resolve("tokens.yaml"),
                "tokens:\n  - name: other\n    sha256: " + TokenDirectory.sha256("other-token")
                        + "\n    scopes: [\"*:*\"]\n");

        assertThat(directory.authenticate("ci-token")).isEmpty();
        assertThat(directory.authenticate("other-token")).isPresent();
    }

    @Test
    void more_tokens_in_use_than_hashes_are_remembered_all_keep_working() throws Exception {
        var yaml = new StringBuilder("tokens:\n");
        int count = TokenDirectory.HASHES_KEPT + 10;
        for (int i = 0; i < count; i++) {
            yaml.append("  - name: t")
                    .append(i)
                    .append("\n    sha256: ")
                    .append(TokenDirectory.sha256("token-" + i))
                    .append("\n    scopes: [\"*:*\"]\n");
        }
        var directory = tokens(yaml.toString());

        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < count; i++) {
                assertThat(directory.authenticate("token-" + i))
                        .map(ApiToken::name)
                        .hasValue("t" + i);
            }
        }
        for (int i = 0; i < count; i++) {
            assertThat(directory.authenticate("not-a-token-" + i)).isEmpty();
        }
        assertThat(directory.authenticate("token-0")).map(ApiToken::name).hasValue("t0");
    }
}
