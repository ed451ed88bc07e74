package dev.strata.secrets;

import dev.strata.AtomicFile;
import dev.strata.DataDirectory;
import dev.strata.StartupProblem;
import dev.strata.StrataProperties;
import dev.strata.config.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The AES-256 keys that encrypt secret values: the current key, which seals, and keys retired by a
 * rotation that is not done yet, which only open. From {@code STRATA_SECRETS_KEY} (base64 keys
 * separated by commas, the current one first), else {@code $STRATA_DATA_DIR/secrets.key} (one
 * base64 key per line, the current one first), which is generated on a first start, readable by its
 * owner only, and never inside the Git repository. A key of the wrong size or a key file others can
 * read stops start-up.
 */
@Component
public class SecretKeyRing {

    private static final Logger log = LoggerFactory.getLogger(SecretKeyRing.class);
    static final String FILE = "secrets.key";
    private static final int KEY_BYTES = 32;
    private static final String HEADER = "# Strata's secrets keys, base64. The first seals; the others only open values"
            + " sealed before a rotation that did not finish. Back this file up apart from the repository.";

    /** The keys by id, the current one first. */
    private volatile Map<String, SecretKey> keys;
    /** The key file, or null when the keys come from STRATA_SECRETS_KEY. */
    private final Path file;

    @Autowired
    SecretKeyRing(DataDirectory dataDir, StrataProperties properties) {
        this(dataDir, properties.secretsKey());
    }

    SecretKeyRing(DataDirectory dataDir, String fromEnvironment) {
        this.file = fromEnvironment.isBlank() ? dataDir.resolve(FILE) : null;
        this.keys = file != null ? fromFile(file) : parse(List.of(fromEnvironment.split(",")), "STRATA_SECRETS_KEY");
    }

    /** A short public name of the current key, written into each ciphertext so that rotation can tell keys apart. */
    public String keyId() {
        return keys.keySet().iterator().next();
    }

    /** The ids of the keys that only open values, oldest last. */
    public List<String> retiredKeyIds() {
        return List.copyOf(keys.keySet()).subList(1, keys.size());
    }

    /** Whether the keys come from {@code STRATA_SECRETS_KEY}, which Strata cannot change. */
    public boolean fromEnvironment() {
        return file == null;
    }

    /** The key that seals, with its id, read together so that a rotation cannot come between them. */
    Map.Entry<String, SecretKey> current() {
        return keys.entrySet().iterator().next();
    }

    SecretKey key(String id) {
        SecretKey key = keys.get(id);
        if (key == null) {
            throw new SecretException(
                    "encrypted with key " + id + ", but Strata has only " + String.join(", ", keys.keySet())
                            + " (STRATA_SECRETS_KEY or secrets.key): restore the key it was encrypted with");
        }
        return key;
    }

    /**
     * Starts a rotation: a new random key becomes the current one and every key of the ring stays
     * readable. The key file is replaced atomically before the new key seals anything, so a crash at
     * any point leaves every value readable. With {@code STRATA_SECRETS_KEY} the keys are the
     * operator's: the first one is already the new key and nothing changes here.
     *
     * @return the id of the key that seals from now on
     */
    synchronized String beginRotation() {
        if (file == null) {
            return keyId();
        }
        byte[] fresh = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(fresh);
        Map<String, SecretKey> next = new LinkedHashMap<>();
        next.put(id(fresh), new SecretKeySpec(fresh, "AES"));
        next.putAll(keys);
        write(next);
        keys = next;
        return keyId();
    }

    /**
     * Ends a rotation once no value at the head needs the retired keys any more: the key file then
     * holds the current key only. With {@code STRATA_SECRETS_KEY} the operator removes them.
     */
    synchronized void finishRotation() {
        if (file == null || keys.size() == 1) {
            return;
        }
        Map<String, SecretKey> next = new LinkedHashMap<>();
        next.put(keyId(), keys.get(keyId()));
        write(next);
        keys = next;
    }

    private void write(Map<String, SecretKey> ring) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        ring.values()
                .forEach(key -> text.append(Base64.getEncoder().encodeToString(key.getEncoded()))
                        .append('\n'));
        try {
            AtomicFile.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new StoreException(
                    "The secrets key file " + file + " cannot be written (" + e.getMessage()
                            + "); nothing was re-encrypted and the old key is still in use",
                    e);
        }
    }

    private static Map<String, SecretKey> fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[KEY_BYTES];
                new SecureRandom().nextBytes(fresh);
                AtomicFile.write(
                        file,
                        (Base64.getEncoder().encodeToString(fresh) + System.lineSeparator())
                                .getBytes(StandardCharsets.UTF_8));
                log.warn(
                        "Created the secrets key {}: back it up apart from the repository; without it secrets cannot be read",
                        file);
                return parse(List.of(Base64.getEncoder().encodeToString(fresh)), file.toString());
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream()
                    .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                throw new StartupProblem(
                        "The secrets key " + file + " can be read by others ("
                                + PosixFilePermissions.toString(permissions) + ").",
                        "chmod 600 " + file,
                        null);
            }
            return parse(Files.readAllLines(file), file.toString());
        } catch (IOException | UnsupportedOperationException e) {
            throw new StartupProblem(
                    "The secrets key " + file + " cannot be read or created: " + e.getMessage(),
                    "Make the data directory writable, or set STRATA_SECRETS_KEY.",
                    e);
        }
    }

    /** The keys of {@code lines} in their order; blank lines and {@code #} comments are skipped. */
    private static Map<String, SecretKey> parse(List<String> lines, String where) {
        Map<String, SecretKey> ring = new LinkedHashMap<>();
        List<String> entries = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank() && !line.strip().startsWith("#")) {
                entries.add(line.strip());
            }
        }
        for (int i = 0; i < entries.size(); i++) {
            byte[] bytes = decode(entries.get(i), entries.size() == 1 ? where : where + " (key " + (i + 1) + ")");
            ring.putIfAbsent(id(bytes), new SecretKeySpec(bytes, "AES"));
        }
        if (ring.isEmpty()) {
            throw new StartupProblem(
                    "The secrets key in " + where + " is empty.",
                    "Restore the right key (openssl rand -base64 32 makes a new one, which cannot read old secrets).",
                    null);
        }
        return ring;
    }

    private static byte[] decode(String base64, String where) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            bytes = new byte[0];
        }
        if (bytes.length != KEY_BYTES) {
            throw new StartupProblem(
                    "The secrets key in " + where + " is not " + KEY_BYTES + " bytes in base64.",
                    "Restore the right key (openssl rand -base64 32 makes a new one, which cannot read old secrets).",
                    null);
        }
        return bytes;
    }

    private static String id(byte[] key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key))
                    .substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
