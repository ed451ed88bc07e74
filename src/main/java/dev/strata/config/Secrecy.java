package dev.strata.config;

import org.jspecify.annotations.Nullable;

/**
 * The one rule for secret values as anyone but the application sees them: what counts as sealed,
 * and which values are masked. Every page, API answer, export and diff asks here; only
 * {@code SettingsService.read} with a person's permission to reveal shows a secret's plaintext.
 */
public final class Secrecy {

    /** How a sealed value starts in a settings file ({@code ENC[v1:<key id>:<ciphertext>]}). */
    public static final String SEALED_PREFIX = "ENC[";

    /** What a secret value looks like to someone who may not see it. */
    public static final String MASK = "••••••";

    private Secrecy() {}

    /**
     * Whether a value has the form of a sealed secret. Such a value is never sealed again, is
     * refused in a key that is not secret, and in a secret key must open, so that a value that only
     * looks sealed never reaches the repository as plaintext.
     */
    public static boolean isSealed(@Nullable String value) {
        return value != null && value.startsWith(SEALED_PREFIX);
    }

    /** Whether the values of a key with {@code spec} are masked: it is secret, or a value looks sealed. */
    public static boolean masks(KeySpec spec, @Nullable String... values) {
        if (spec.secret()) {
            return true;
        }
        for (String value : values) {
            if (isSealed(value)) {
                return true;
            }
        }
        return false;
    }

    /** {@code value} as shown: the mask when {@code secret}; null (not set) stays null. */
    public static @Nullable String shown(boolean secret, @Nullable String value) {
        return value != null && secret ? MASK : value;
    }

    /** {@code value} of a key with {@code spec} as shown: masked when the key is secret or the value sealed. */
    public static @Nullable String shown(KeySpec spec, @Nullable String value) {
        return shown(masks(spec, value), value);
    }
}
