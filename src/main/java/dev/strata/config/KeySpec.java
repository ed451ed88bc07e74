package dev.strata.config;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a schema says about one key.
 *
 * @param type         the type its values must have
 * @param defaultValue the value used when an environment does not set the key, or null
 * @param required     every environment must end up with a value (set or default)
 * @param secret       the value is masked wherever it is shown
 * @param envSpecific  expected to differ between environments: not drift, not promoted by default
 * @param description  what the key is for, or null
 * @param values       the allowed values of an {@link KeyType#ENUM}; empty for other types
 */
public record KeySpec(
        KeyType type,
        @Nullable String defaultValue,
        boolean required,
        boolean secret,
        boolean envSpecific,
        @Nullable String description,
        List<String> values) {

    /** How a key without a schema entry is treated: an optional string. */
    public static final KeySpec UNDECLARED = new KeySpec(KeyType.STRING, null, false, false, false, null, List.of());

    public KeySpec {
        Objects.requireNonNull(type, "type");
        values = List.copyOf(values);
        if (type == KeyType.ENUM && values.isEmpty()) {
            throw new ValidationException("values", "an enum key needs a non-empty list of values");
        }
        if (type != KeyType.ENUM && !values.isEmpty()) {
            throw new ValidationException(
                    "values", "only an enum key has a list of values; this key is " + type.schemaName());
        }
        if (defaultValue != null) {
            String problem = Rules.valueProblem(defaultValue);
            if (problem == null) {
                problem = type.problem(defaultValue, values, secret);
            }
            if (problem != null) {
                throw new ValidationException("default", "default " + problem);
            }
        }
    }

    /** A key of the given type with no default and no flags. */
    public static KeySpec of(KeyType type) {
        return new KeySpec(type, null, false, false, false, null, List.of());
    }

    /**
     * Returns what is wrong with {@code value} for this key, or null when it is valid. The stored
     * value of a secret key is sealed ({@code ENC[...]}); its type was checked before sealing.
     */
    public @Nullable String problem(String value) {
        if (Secrecy.isSealed(value)) {
            // A sealed value in a key that is not secret is never opened, so no application could use it.
            return secret
                    ? null
                    : "looks like a sealed secret (" + Secrecy.SEALED_PREFIX + "...]), which only a key marked"
                            + " secret may hold: enter the plain value, or mark the key secret in the schema";
        }
        return type.problem(value, values, secret);
    }
}
