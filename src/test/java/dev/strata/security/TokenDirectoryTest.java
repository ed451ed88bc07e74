package dev.strata.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.DataDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
        assertThat(token.covers("payments", "production")).isTrue();
        assertThat(token.covers("checkout", "dev")).isTrue();
        assertThat(token.covers("payments", "staging")).isFalse();
        assertThat(token.covers("checkout", "production")).isFalse();
        assertThat(directory.authenticate("t0k3n ")).isEmpty();
        assertThat(directory.authenticate("")).isEmpty();
        assertThat(directory.authenticate("t".repeat(10_000))).isEmpty();
    }

    @Test
    void no_tokens_file_means_no_token_is_valid() {
        assertThat(new TokenDirectory(new DataDirectory(dataDir)).authenticate("anything")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x:dev", "payments:../prod", "payments", "payments:prod:x", "Payments:dev", ":dev",
            "payments:", ".git:dev", "pay/ments:dev"})
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
}
