package dev.strata.security;

import dev.strata.DataDirectory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The API tokens of {@code $STRATA_DATA_DIR/tokens.yaml}. A presented token is hashed and
 * compared with every stored hash in constant time; the token itself is never stored or logged.
 */
@Service
public class TokenDirectory {

    private static final Logger log = LoggerFactory.getLogger(TokenDirectory.class);
    private static final Set<String> FIELDS = Set.of("name", "sha256", "scopes");
    /** Longer than any token Strata issues by far; bounds the hashing work an attacker can cause. */
    static final int MAX_TOKEN_LENGTH = 512;

    private final List<ApiToken> tokens;

    TokenDirectory(DataDirectory dataDir) {
        var file = new ListFile(dataDir.resolve("tokens.yaml"), "tokens");
        this.tokens = file.exists() ? read(file) : List.of();
        log.info("Loaded {} API token(s)", tokens.size());
    }

    private static List<ApiToken> read(ListFile file) {
        Set<String> names = new HashSet<>();
        return file.read((node, line) -> {
            ListFile.onlyFields(node, FIELDS);
            List<TokenScope> scopes = new ArrayList<>();
            for (String scope : ListFile.texts(node, "scopes", "[payments:production]")) {
                scopes.add(TokenScope.parse(scope));
            }
            var token = new ApiToken(ListFile.text(node, "name"), ListFile.text(node, "sha256"), scopes);
            if (!names.add(token.name())) {
                throw new IllegalArgumentException("duplicate token name '" + token.name() + "'");
            }
            return token;
        });
    }

    /** The token whose hash matches {@code presented}, if any. */
    public Optional<ApiToken> authenticate(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        byte[] hash = sha256(presented).getBytes(StandardCharsets.US_ASCII);
        ApiToken match = null;
        for (ApiToken token : tokens) {
            if (MessageDigest.isEqual(hash, token.sha256().getBytes(StandardCharsets.US_ASCII))) {
                match = token;
            }
        }
        return Optional.ofNullable(match);
    }

    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
