package dev.strata.admin;

import dev.strata.config.Author;
import dev.strata.secrets.SecretsRotation;
import dev.strata.security.CurrentUser;
import dev.strata.security.Person;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/** The secrets key as admins manage it: which key seals, and rotating it. */
@Service
public class SecretsKeyAdministration {

    private final SecretsRotation rotation;
    private final CurrentUser currentUser;

    SecretsKeyAdministration(SecretsRotation rotation, CurrentUser currentUser) {
        this.rotation = rotation;
        this.currentUser = currentUser;
    }

    /** Which key seals and which retired keys are still read; for anyone signed in, since key ids are public. */
    public SecretsRotation.KeyState keys() {
        currentUser.require();
        return rotation.state();
    }

    /**
     * Rotates the key as the signed-in admin: one commit authored by them.
     *
     * @throws AccessDeniedException when the person is not an admin
     */
    public SecretsRotation.Rotation rotate() {
        Person person = currentUser.require();
        if (!person.isAdmin()) {
            throw new AccessDeniedException("Only admins rotate the secrets key.");
        }
        return rotation.rotate(new Author(person.name(), person.email()));
    }
}
