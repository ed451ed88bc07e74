package dev.strata.security;

import dev.strata.DataDirectory;
import dev.strata.config.AlreadyExistsException;
import dev.strata.config.NotFoundException;
import dev.strata.config.ValidationException;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.stereotype.Service;

/**
 * The API tokens of {@code $STRATA_DATA_DIR/tokens.yaml}. A presented token is hashed and
 * compared with every stored hash in constant time; the token itself is never stored or logged.
 * The file is re-read when it changes on disk. When a token was last used is kept in memory and
 * written to the file once a minute, never once per request. Callers check who may change tokens.
 */
@Service
public class TokenDirectory {

    private static final Logger log = LoggerFactory.getLogger(TokenDirectory.class);
    private static final Set<String> FIELDS = Set.of("name", "sha256", "scopes", "lastUsed", "expires");
    /** Longer than any token Strata issues by far; bounds the hashing work an attacker can cause. */
    static final int MAX_TOKEN_LENGTH = 512;

    static final int MAX_SCOPES = 100;
    private static final String PREFIX = "strata_";
    private static final String EXPIRY_FORMAT =
            "must be a date such as 2027-01-31 or a time such as 2027-01-31T12:00:00Z";

    private final LiveList<ApiToken> file;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Uses not yet written to the file, by token name. */
    private final Map<String, Instant> unsavedUses = new ConcurrentHashMap<>();
    /**
     * The hash of each token that matched lately, by the token as presented: every poll presents the
     * same token, and hashing it was about 2 % of a served configuration's CPU time (JFR under wrk).
     * Only a hash is remembered, never whether it is valid: each request still looks it up in the
     * file as it is now, so a revoked or expired token is refused at once. Only tokens that matched are
     * kept, so a client cannot fill it; it starts over when {@value #HASHES_KEPT} are kept.
     */
    private final Map<String, String> hashes = new ConcurrentHashMap<>();

    static final int HASHES_KEPT = 1024;

    @Autowired
    TokenDirectory(DataDirectory dataDir) {
        this(dataDir, Clock.systemUTC());
    }

    TokenDirectory(DataDirectory dataDir, Clock clock) {
        var path = dataDir.resolve("tokens.yaml");
        var tokens = new ListFile(path, "tokens");
        this.clock = clock;
        this.file = new LiveList<>(path, () -> tokens.exists() ? read(tokens) : List.of(), list -> write(tokens, list));
        log.info("Loaded {} API token(s)", file.entries().size());
    }

    private static List<ApiToken> read(ListFile file) {
        Set<String> names = new HashSet<>();
        return file.read((node, line) -> {
            ListFile.onlyFields(node, FIELDS);
            List<TokenScope> scopes = new ArrayList<>();
            for (String scope : ListFile.texts(node, "scopes", "[payments:production]")) {
                scopes.add(TokenScope.parse(scope));
            }
            var token = new ApiToken(
                    ListFile.text(node, "name"),
                    ListFile.text(node, "sha256"),
                    scopes,
                    instant(ListFile.text(node, "lastUsed")),
                    expiry(ListFile.text(node, "expires")));
            if (!names.add(token.name())) {
                throw new IllegalArgumentException("duplicate token name '" + token.name() + "'");
            }
            return token;
        });
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'lastUsed' must be a time such as 2026-01-31T12:00:00Z");
        }
    }

    /**
     * When a token written with {@code expires: <text>} stops working: at the instant given, or at
     * the start of the day given (UTC), so that {@code expires: 2027-01-31} is refused on that day.
     */
    static Instant expiry(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return text.contains("T")
                    ? Instant.parse(text.strip())
                    : LocalDate.parse(text.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'expires' " + EXPIRY_FORMAT);
        }
    }

    private static void write(ListFile file, List<ApiToken> tokens) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (ApiToken token : tokens) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", token.name());
            entry.put("sha256", token.sha256());
            entry.put(
                    "scopes", token.scopes().stream().map(TokenScope::toString).toList());
            if (token.lastUsed() != null) {
                entry.put("lastUsed", token.lastUsed().toString());
            }
            if (token.expires() != null) {
                entry.put("expires", token.expires().toString());
            }
            entries.add(entry);
        }
        file.write(entries);
    }

    /**
     * The token whose hash matches {@code presented}, if any; its use is remembered.
     *
     * @throws CredentialsExpiredException when it matches a token that has expired
     */
    public Optional<ApiToken> authenticate(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        String known = hashes.get(presented);
        String hex = known != null ? known : sha256(presented);
        byte[] hash = hex.getBytes(StandardCharsets.US_ASCII);
        ApiToken match = null;
        for (ApiToken token : file.entries()) {
            if (MessageDigest.isEqual(hash, token.sha256().getBytes(StandardCharsets.US_ASCII))) {
                match = token;
            }
        }
        if (match != null) {
            if (known == null) {
                if (hashes.size() >= HASHES_KEPT) {
                    hashes.clear();
                }
                hashes.put(presented, hex);
            }
            Instant now = clock.instant();
            if (match.expiredAt(now)) {
                throw new CredentialsExpiredException("This token has expired; ask an administrator for a new one.");
            }
            unsavedUses.put(match.name(), now);
        }
        return Optional.ofNullable(match);
    }

    /** Every token by name, with its latest use including those not yet written to the file. */
    public List<ApiToken> tokens() {
        return file.entries().stream()
                .map(token -> Optional.ofNullable(unsavedUses.get(token.name()))
                        .map(token::usedAt)
                        .orElse(token))
                .sorted(Comparator.comparing(ApiToken::name))
                .toList();
    }

    /** Whether {@code token} has expired by now. */
    public boolean expired(ApiToken token) {
        return token.expiredAt(clock.instant());
    }

    /** What is wrong with tokens.yaml on disk while the tokens read before stay in force. */
    public Optional<String> fileProblem() {
        return file.problem();
    }

    /** Makes a new random token for {@code scopes} that never expires; see {@link #issue(String, List, String)}. */
    public String issue(String name, List<String> scopes) {
        return issue(name, scopes, null);
    }

    /**
     * Makes a new random token for {@code scopes} and keeps only its hash.
     *
     * @param expires when it stops working: a date (refused from the start of that day, UTC) or an
     *                instant, in ISO 8601; null or blank for never
     * @return the token itself: shown once, never again
     * @throws ValidationException    when the name, a scope or the expiry breaks a rule, or there is no scope
     * @throws AlreadyExistsException when a token has that name
     */
    public String issue(String name, List<String> scopes, String expires) {
        if (scopes == null || scopes.isEmpty() || scopes.size() > MAX_SCOPES) {
            throw new ValidationException(
                    "scopes", "Give 1 to " + MAX_SCOPES + " scopes such as payments:production or *:dev.");
        }
        List<TokenScope> parsed = new ArrayList<>();
        for (String scope : scopes) {
            try {
                parsed.add(TokenScope.parse(scope == null ? null : scope.strip()));
            } catch (IllegalArgumentException e) {
                throw new ValidationException("scopes", e.getMessage());
            }
        }
        Instant expiry;
        try {
            expiry = expiry(expires);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("expires", "The expiry " + EXPIRY_FORMAT);
        }
        if (expiry != null && !expiry.isAfter(clock.instant())) {
            throw new ValidationException(
                    "expires", "The expiry " + expires.strip() + " is already past; give a later one.");
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String secret = PREFIX + HexFormat.of().formatHex(bytes);
        ApiToken token;
        try {
            token = new ApiToken(
                    name, sha256(secret), parsed.stream().distinct().toList(), null, expiry);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("name", e.getMessage());
        }
        file.update(tokens -> {
            if (tokens.stream().anyMatch(t -> t.name().equals(token.name()))) {
                throw new AlreadyExistsException("There is already a token named '" + token.name() + "'.");
            }
            List<ApiToken> next = new ArrayList<>(tokens);
            next.add(token);
            return next;
        });
        return secret;
    }

    /** Removes a token: from now on it is refused. */
    public void revoke(String name) {
        file.update(tokens -> {
            if (tokens.stream().noneMatch(t -> t.name().equals(name))) {
                throw new NotFoundException("There is no token named '" + name + "'.");
            }
            return tokens.stream().filter(t -> !t.name().equals(name)).toList();
        });
        unsavedUses.remove(name);
    }

    /** Writes the uses remembered since the last time into tokens.yaml. */
    @PreDestroy
    void saveUses() {
        if (unsavedUses.isEmpty() || file.problem().isPresent()) {
            return;
        }
        Map<String, Instant> saving = Map.copyOf(unsavedUses);
        file.update(tokens -> tokens.stream()
                .map(token -> saving.containsKey(token.name()) ? token.usedAt(saving.get(token.name())) : token)
                .toList());
        saving.forEach(unsavedUses::remove);
    }

    public static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
