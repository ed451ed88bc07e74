package dev.strata.secrets;

import dev.strata.config.Secrecy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.springframework.stereotype.Component;

/**
 * Authenticated encryption of one secret value with the JDK's AES-256-GCM: a random 96-bit nonce
 * per value, and the application, environment and key bound as associated data, so that a
 * ciphertext copied to another key, environment or application does not decrypt. Written as
 * {@code ENC[v1:<key id>:<base64url(nonce | ciphertext | tag)>]}.
 */
@Component
public class SecretCipher {

    private static final String PREFIX = Secrecy.SEALED_PREFIX + "v1:";
    private static final Pattern SEALED = Pattern.compile("ENC\\[v1:([0-9a-f]{8}):([A-Za-z0-9_-]+)]");
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeyRing keys;
    private final SecureRandom random = new SecureRandom();

    SecretCipher(SecretKeyRing keys) {
        this.keys = keys;
    }

    /** The id of the key that sealed {@code value}, or null when it is no well-formed sealed value. */
    static String keyIdOf(String value) {
        Matcher m = SEALED.matcher(value);
        return m.matches() ? m.group(1) : null;
    }

    public String seal(String app, String env, String key, String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            var current = keys.current();
            cipher.init(Cipher.ENCRYPT_MODE, current.getValue(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(app, env, key));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
            return PREFIX + current.getKey() + ":"
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(out) + "]";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    /** The plaintext of a sealed value; the message of the exception never contains the value. */
    public String open(String app, String env, String key, String sealed) {
        Matcher m = SEALED.matcher(sealed);
        if (!m.matches()) {
            throw new SecretException(
                    "The secret " + key + " of " + app + " in " + env + " is not a valid ENC[v1:...] value.");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            bytes = new byte[0];
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretException("The secret " + key + " of " + app + " in " + env + " is truncated or garbled.");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE, keys.key(m.group(1)), new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(app, env, key));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (SecretException e) {
            throw new SecretException(
                    "The secret " + key + " of " + app + " in " + env + " is " + e.getMessage() + ".");
        } catch (AEADBadTagException e) {
            throw new SecretException("The secret " + key + " of " + app + " in " + env
                    + " does not decrypt: it was changed, moved from another key, or encrypted with another key.");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    private static byte[] associatedData(String app, String env, String key) {
        return ("strata:v1:" + app + "/" + env + "/" + key).getBytes(StandardCharsets.UTF_8);
    }
}
