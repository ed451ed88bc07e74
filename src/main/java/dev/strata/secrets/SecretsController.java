package dev.strata.secrets;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/admin/secrets}: the secrets keys, and rotating them (admins). */
@RestController
@RequestMapping("/api/v1/admin/secrets")
class SecretsController {

    private final SecretsRotation rotation;

    SecretsController(SecretsRotation rotation) {
        this.rotation = rotation;
    }

    @GetMapping
    SecretsRotation.KeyState keys() {
        return rotation.state();
    }

    @PostMapping("/rotate")
    SecretsRotation.Rotation rotate() {
        return rotation.rotate();
    }
}
