package dev.strata.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CredentialDetectorTest {

    private static String reason(String key, String value) {
        return CredentialDetector.reason(key, value);
    }

    @Test
    void a_pem_private_key_block_is_a_credential_whatever_the_key_is_called() {
        assertThat(reason("TLS", "-----BEGIN RSA PRIVATE KEY-----\nMIIEow...\n-----END RSA PRIVATE KEY-----"))
                .isEqualTo("it holds a private key");
        assertThat(reason("SSH", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----"))
                .isNotNull();
        assertThat(reason("SIGNING", "-----BEGIN PRIVATE KEY-----")).isNotNull();
        assertThat(reason("CA", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"))
                .as("a certificate is public")
                .isNull();
    }

    @Test
    void aws_keys_and_well_known_tokens_are_credentials() {
        assertThat(reason("S3_ID", "AKIAIOSFODNN7EXAMPLE")).isEqualTo("it looks like an AWS access key id");
        assertThat(reason("S3_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")).contains("random-looking");
        assertThat(reason("GITHUB", "ghp_16C7e42F292c6912E7710c838347Ae178B4a"))
                .isEqualTo("it looks like an API token");
        assertThat(reason("SLACK", "xoxb-2635-5124-Fv8pE5PNjK")).isEqualTo("it looks like an API token");
        assertThat(reason("STRIPE", "sk_live_4eC39HqLyjWDarjtT1zdp7dc")).isNotNull();
    }

    @Test
    void a_url_with_a_password_in_it_is_a_credential_and_one_without_is_not() {
        assertThat(reason("DATABASE_URL", "postgres://app:s3cr3t@db:5432/payments"))
                .isEqualTo("it is a URL with a password in it");
        assertThat(reason("AMQP", "amqps://user:pw@mq.internal")).isNotNull();
        assertThat(reason("DATABASE_URL", "jdbc:postgresql://db.dev:5432/payments?ssl=true"))
                .isNull();
        assertThat(reason("INDEX_URL", "http://search.staging.internal:9200")).isNull();
        assertThat(reason("LOGIN_URL", "https://user@sso.example.com/login"))
                .as("a user name is no password")
                .isNull();
        assertThat(reason("MIRROR", "see git+ssh://deploy:hunter2@git.internal/repo"))
                .as("inside a text")
                .isNotNull();
        assertThat(reason("MIRROR", "2+ssh://deploy:hunter2@git.internal"))
                .as("a scheme may hold digits")
                .isNotNull();
        assertThat(reason("MIRROR", "1+2://deploy:hunter2@git.internal"))
                .as("but needs a letter")
                .isNull();
    }

    /**
     * A 64 KiB value (the most a value may hold) made to provoke catastrophic backtracking is judged at
     * all: the bound is generous (such a value took tens of seconds before), so that a busy machine does
     * not fail it; how fast a value is judged is no figure for a test.
     */
    @Test
    void hostile_values_of_64_KiB_are_judged_without_catastrophic_backtracking() {
        int size = 64 * 1024;
        for (String value : new String[] {
            "a".repeat(size),
            "a://".repeat(size / 4),
            "a://b:" + "c".repeat(size - 6),
            "-----BEGIN ".repeat(size / 11),
            "-----BEGIN " + "A".repeat(size - 11),
            "[".repeat(size),
            "${".repeat(size / 2),
            "1".repeat(size),
            " ".repeat(size - 1) + "x",
            "sk-".repeat(size / 3),
            "a1".repeat(size / 2)
        }) {
            assertTimeoutPreemptively(
                    Duration.ofSeconds(5), () -> reason("DATABASE_PASSWORD", value), value.substring(0, 12) + "…");
        }
    }

    @Test
    void password_like_key_names_warn_unless_the_value_is_plainly_no_credential() {
        assertThat(reason("DATABASE_PASSWORD", "hunter2")).isEqualTo("its name says it is a credential");
        assertThat(reason("stripe.api-key", "abc")).isNotNull();
        assertThat(reason("ApiKey", "abc")).isNotNull();
        assertThat(reason("OAUTH_CLIENT_SECRET", "letmein")).isNotNull();
        assertThat(reason("GITHUB_TOKEN", "x")).isNotNull();
        assertThat(reason("TOKEN_TTL", "30m")).isNull();
        assertThat(reason("PASSWORD_MIN_LENGTH", "12")).isNull();
        assertThat(reason("PASSWORD_RESET_ENABLED", "true")).isNull();
        assertThat(reason("DATABASE_PASSWORD", "${DB_PASSWORD}"))
                .as("a placeholder")
                .isNull();
        assertThat(reason("DATABASE_PASSWORD", "")).isNull();
        assertThat(reason("TOKEN_ENDPOINT", "https://auth.example.com/oauth/token"))
                .isNull();
        assertThat(reason("SECRETS_FILE", "/run/secrets/db-password")).isNull();
    }

    @Test
    void long_random_looking_strings_are_credentials() {
        assertThat(reason("SIGNING", "Zk9xT3BxR2hWbW1ZVjN4cWdUaE5vQ2E0")).isNotNull();
        assertThat(reason("WEBHOOK", "3f786850e387550fdab836ed7e6dc881de23001b"))
                .as("hex")
                .isNotNull();
        assertThat(reason("HMAC", "q8Jd_2kLmN-pQ7rS9tUvWxYz0aB1cD2e")).isNotNull();
    }

    @Test
    void ordinary_values_never_warn() {
        for (String value : new String[] {
            "INFO",
            "8080",
            "30s",
            "true",
            "jdbc:postgresql://db.prod:5432/payments",
            "payments-service-production-eu-west-1",
            "com.example.payments.PaymentService",
            "550e8400-e29b-41d4-a716-446655440000",
            "{\"primary\":\"#1c2d7a\"}",
            "Hello, world! How are you today?",
            "/var/lib/strata/data",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "AbcAbcAbcAbcAbcAbc1234",
            "en_US.UTF-8",
            "https://cdn.example.com/assets/v2/logo.png",
            "x".repeat(70_000)
        }) {
            assertThat(reason("SETTING", value))
                    .as(value.length() > 80 ? "a huge value" : value)
                    .isNull();
        }
    }
}
