package dev.strata.security;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code $STRATA_DATA_DIR/sso-identities.yaml}: every single sign-on identity (issuer and subject)
 * seen, with the user name and e-mail it signed in with. Strata writes it; it is what lets a second
 * subject of the identity provider that claims an e-mail address already used be told apart from
 * the first one, also after a restart.
 */
final class SsoIdentities {

    private static final Set<String> FIELDS = Set.of("issuer", "subject", "username", "email", "teams");

    /**
     * One identity at one identity provider, and who it is in Strata's history.
     *
     * @param teams its teams as of its last sign-in, which decide whose approval is an owner's
     */
    record Identity(String issuer, String subject, String username, String email, List<String> teams) {

        Identity {
            if (issuer == null || subject == null || username == null || email == null) {
                throw new IllegalArgumentException("an identity needs issuer, subject, username and email");
            }
            teams = List.copyOf(teams);
        }

        boolean sameSubject(String otherIssuer, String otherSubject) {
            return issuer.equals(otherIssuer) && subject.equals(otherSubject);
        }
    }

    private final LiveList<Identity> file;

    SsoIdentities(Path path) {
        var list = new ListFile(path, "identities");
        this.file = new LiveList<>(
                path, () -> list.exists() ? read(list) : List.of(), identities -> write(list, identities));
    }

    List<Identity> entries() {
        return file.entries();
    }

    void update(UnaryOperator<List<Identity>> change) {
        file.update(change);
    }

    Optional<String> problem() {
        return file.problem();
    }

    private static List<Identity> read(ListFile file) {
        return file.read((node, line) -> {
            ListFile.onlyFields(node, FIELDS);
            return new Identity(
                    ListFile.text(node, "issuer"),
                    ListFile.text(node, "subject"),
                    ListFile.text(node, "username"),
                    ListFile.text(node, "email"),
                    ListFile.texts(node, "teams", "[team-payments]"));
        });
    }

    private static void write(ListFile file, List<Identity> identities) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Identity identity : identities) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("issuer", identity.issuer());
            entry.put("subject", identity.subject());
            entry.put("username", identity.username());
            entry.put("email", identity.email());
            if (!identity.teams().isEmpty()) {
                entry.put("teams", identity.teams());
            }
            entries.add(entry);
        }
        file.write(entries);
    }
}
