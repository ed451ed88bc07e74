package dev.strata.secrets;

import dev.strata.config.AppName;
import dev.strata.config.EnvName;
import dev.strata.config.Problem;
import dev.strata.config.Resolution;
import dev.strata.config.Schema;
import dev.strata.config.Secrecy;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import dev.strata.config.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.springframework.stereotype.Service;

/**
 * Where secret values cross the line between people or applications and the repository: values
 * of keys the schema marks {@code secret} are sealed before they are committed and opened only for
 * someone allowed to see them.
 */
@Service
public class Secrets {

    private final SecretCipher cipher;

    Secrets(SecretCipher cipher) {
        this.cipher = cipher;
    }

    /**
     * {@code set} with the values of secret keys sealed; the others, and values already sealed (a
     * revert restoring an earlier ciphertext of the same key), as they are.
     */
    public SortedMap<SettingKey, String> seal(
            AppName app, EnvName env, Schema schema, SortedMap<SettingKey, String> set) {
        SortedMap<SettingKey, String> sealed = new TreeMap<>();
        List<Problem> unreadable = new ArrayList<>();
        set.forEach((key, value) -> {
            boolean secret = schema.spec(key).secret();
            String problem = secret ? problem(app, env, key, value) : null;
            if (problem != null) {
                // Committed, it would make the key unreadable for every application that needs it.
                unreadable.add(new Problem(
                        key.value(),
                        "is a sealed value that cannot be opened here (" + problem
                                + "); only Strata writes sealed values: enter the plain value"));
            }
            sealed.put(
                    key,
                    secret && !Secrecy.isSealed(value)
                            ? cipher.seal(app.value(), env.value(), key.value(), value)
                            : value);
        });
        if (!unreadable.isEmpty()) {
            throw new ValidationException(unreadable);
        }
        return sealed;
    }

    /**
     * The settings with every secret opened, for comparing values (drift, imports) and for those
     * who may see them; a value that does not decrypt stays sealed, so it differs from any plaintext.
     */
    /**
     * What an application gets in {@code env} (see {@link Resolution}), secrets opened with the
     * application or set that holds them; a value that does not open stays as stored.
     */
    public Settings openResolved(EnvName env, Resolution resolution) {
        TreeMap<SettingKey, String> opened = new TreeMap<>();
        resolution.values().forEach((key, value) -> {
            String plain = value.value();
            if (value.spec().secret() && Secrecy.isSealed(plain)) {
                try {
                    plain = cipher.open(value.holder().value(), env.value(), key.value(), plain);
                } catch (SecretException e) {
                    plain = value.value();
                }
            }
            opened.put(key, plain);
        });
        return new Settings(opened);
    }

    public Settings openAll(AppName app, EnvName env, Schema schema, Settings stored) {
        TreeMap<SettingKey, String> opened = new TreeMap<>();
        stored.values().forEach((key, value) -> {
            String plain = value;
            if (schema.spec(key).secret() && Secrecy.isSealed(value)) {
                try {
                    plain = cipher.open(app.value(), env.value(), key.value(), value);
                } catch (SecretException e) {
                    plain = value;
                }
            }
            opened.put(key, plain);
        });
        return new Settings(opened);
    }

    /** Why a stored secret value cannot be opened, or null when it can (or is no sealed value). */
    public String problem(AppName app, EnvName env, SettingKey key, String stored) {
        if (!Secrecy.isSealed(stored)) {
            return null;
        }
        try {
            cipher.open(app.value(), env.value(), key.value(), stored);
            return null;
        } catch (SecretException e) {
            return e.getMessage();
        }
    }

    /**
     * The plaintext of a stored value: sealed values are opened, others (written before the key was
     * marked secret) are as they are.
     *
     * @throws SecretException when a sealed value does not decrypt
     */
    public String open(AppName app, EnvName env, SettingKey key, String stored) {
        return Secrecy.isSealed(stored) ? cipher.open(app.value(), env.value(), key.value(), stored) : stored;
    }
}
