package dev.strata.admin;

import dev.strata.secrets.SecretsRotation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/admin/secrets}: the secrets keys, and rotating them (admins). */
@RestController
@RequestMapping("/api/v1/admin/secrets")
class SecretsKeyController {

    private final SecretsKeyAdministration secretsKey;

    SecretsKeyController(SecretsKeyAdministration secretsKey) {
        this.secretsKey = secretsKey;
    }

    @GetMapping
    SecretsRotation.KeyState keys() {
        return secretsKey.keys();
    }

    @PostMapping("/rotate")
    SecretsRotation.Rotation rotate() {
        return secretsKey.rotate();
    }
}
