package dev.strata.secrets;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Tells whether a value of a key that is not marked secret looks like a credential, so that it can
 * be marked secret before its plaintext reaches Git. A heuristic that errs towards silence on
 * ordinary values: URLs without a password, durations, numbers, booleans, names, paths, placeholders
 * such as {@code ${DB_PASSWORD}}, and UUIDs (far more often ids than keys) never warn. Long hex
 * strings do (API keys are often hex), so a 40-digit commit id warns too.
 */
public final class CredentialDetector {

    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----");
    private static final Pattern AWS_ACCESS_KEY =
            Pattern.compile("(?<![A-Z0-9])(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])");
    private static final Pattern KNOWN_TOKEN = Pattern.compile(
            "(?<![A-Za-z0-9])(ghp_|gho_|ghs_|github_pat_|glpat-|xox[abprs]-|sk_live_|rk_live_|sk-)[A-Za-z0-9_\\-]{16,}");
    /**
     * A scheme with a letter in it, then {@code user:password@}. The scheme is looked for only where
     * a run of scheme characters starts, and nothing gives back what it matched, so every character is
     * read a bounded number of times: a long run of letters costs linear time, not quadratic.
     */
    private static final Pattern URL_WITH_PASSWORD =
            Pattern.compile("(?<![A-Za-z0-9+.\\-])[0-9+.\\-]*+[A-Za-z][A-Za-z0-9+.\\-]*+://[^/\\s:@]++:[^/\\s@]++@");

    private static final Pattern CREDENTIAL_NAME = Pattern.compile(
            "(PASSWORD|PASSWD|PASSPHRASE|PWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?|AUTH_?KEY)");
    private static final Pattern PLAIN_VALUE = Pattern.compile(
            "(?i)(-?\\d+(\\.\\d+)?[a-z]{0,2}|true|false|yes|no|on|off|none|null|changeme|\\$\\{[^}]*}|<[^>]*>)");
    /** URLs and absolute paths name where a credential is, which is no credential itself. */
    private static final Pattern REFERENCE = Pattern.compile("([A-Za-z][A-Za-z0-9+.\\-]*://|/)\\S*");

    private static final Pattern TOKEN_CHARACTERS = Pattern.compile("[A-Za-z0-9+/=_\\-]+");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private CredentialDetector() {}

    /**
     * Why {@code value} of {@code key} looks like a credential, or null when it does not. The reason
     * never quotes the value.
     */
    public static String reason(String key, String value) {
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            return null;
        }
        if (PRIVATE_KEY.matcher(trimmed).find()) {
            return "it holds a private key";
        }
        if (AWS_ACCESS_KEY.matcher(trimmed).find()) {
            return "it looks like an AWS access key id";
        }
        if (KNOWN_TOKEN.matcher(trimmed).find()) {
            return "it looks like an API token";
        }
        if (URL_WITH_PASSWORD.matcher(trimmed).find()) {
            return "it is a URL with a password in it";
        }
        if (CREDENTIAL_NAME
                        .matcher(key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_'))
                        .find()
                && !PLAIN_VALUE.matcher(trimmed).matches()
                && !REFERENCE.matcher(trimmed).matches()) {
            return "its name says it is a credential";
        }
        if (randomLooking(trimmed)) {
            return "it is a long random-looking string, as keys and tokens are";
        }
        return null;
    }

    /**
     * Long strings of token characters with high entropy: hex of at least 32 digits, or at least 20
     * characters mixing upper case, lower case and digits (so kebab-case names never qualify).
     */
    private static boolean randomLooking(String value) {
        if (value.length() > 4096
                || !TOKEN_CHARACTERS.matcher(value).matches()
                || UUID.matcher(value).matches()) {
            return false;
        }
        boolean digits = value.chars().anyMatch(Character::isDigit);
        boolean lower = value.chars().anyMatch(Character::isLowerCase);
        boolean upper = value.chars().anyMatch(Character::isUpperCase);
        if (HEX.matcher(value).matches()) {
            return value.length() >= 32 && digits && (lower || upper) && entropy(value) >= 3.0;
        }
        return value.length() >= 20 && digits && lower && upper && entropy(value) >= 3.5;
    }

    /** Shannon entropy in bits per character. */
    static double entropy(String value) {
        Map<Integer, Integer> counts = new HashMap<>();
        value.codePoints().forEach(c -> counts.merge(c, 1, Integer::sum));
        double bits = 0;
        for (int count : counts.values()) {
            double p = (double) count / value.length();
            bits -= p * Math.log(p) / Math.log(2);
        }
        return bits;
    }
}
