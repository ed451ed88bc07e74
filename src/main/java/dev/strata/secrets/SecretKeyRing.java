package dev.strata.secrets;

import dev.strata.DataDirectory;
import dev.strata.StartupProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The AES-256 key that encrypts secret values: from {@code STRATA_SECRETS_KEY} (base64), else
 * {@code $STRATA_DATA_DIR/secrets.key}, which is generated on a first start, readable by its owner
 * only, and never inside the Git repository. A key of the wrong size or a key file others can read
 * stops start-up.
 */
@Component
public class SecretKeyRing {

    private static final Logger log = LoggerFactory.getLogger(SecretKeyRing.class);
    static final String FILE = "secrets.key";
    private static final int KEY_BYTES = 32;

    private final SecretKey key;
    private final String keyId;

    SecretKeyRing(DataDirectory dataDir, @Value("${strata.secrets-key:}") String fromEnvironment) {
        byte[] bytes = fromEnvironment.isBlank() ? fromFile(dataDir.resolve(FILE)) : decode(fromEnvironment, "STRATA_SECRETS_KEY");
        this.key = new SecretKeySpec(bytes, "AES");
        this.keyId = id(bytes);
    }

    /** A short public name of the key, written into each ciphertext so that rotation can tell keys apart. */
    String keyId() {
        return keyId;
    }

    SecretKey key(String id) {
        if (!keyId.equals(id)) {
            throw new SecretException("encrypted with key " + id + ", but Strata has key " + keyId
                    + " (STRATA_SECRETS_KEY or secrets.key): restore the key it was encrypted with");
        }
        return key;
    }

    private static byte[] fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[KEY_BYTES];
                new SecureRandom().nextBytes(fresh);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Base64.getEncoder().encodeToString(fresh) + System.lineSeparator());
                log.warn("Created the secrets key {}: back it up apart from the repository; without it secrets cannot be read", file);
                return fresh;
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                throw new StartupProblem("The secrets key " + file + " can be read by others ("
                        + PosixFilePermissions.toString(permissions) + ").", "chmod 600 " + file, null);
            }
            return decode(Files.readString(file).strip(), file.toString());
        } catch (IOException | UnsupportedOperationException e) {
            throw new StartupProblem("The secrets key " + file + " cannot be read or created: " + e.getMessage(),
                    "Make the data directory writable, or set STRATA_SECRETS_KEY.", e);
        }
    }

    private static byte[] decode(String base64, String where) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            bytes = new byte[0];
        }
        if (bytes.length != KEY_BYTES) {
            throw new StartupProblem("The secrets key in " + where + " is not " + KEY_BYTES + " bytes in base64.",
                    "Restore the right key (openssl rand -base64 32 makes a new one, which cannot read old secrets).", null);
        }
        return bytes;
    }

    private static String id(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key)).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
