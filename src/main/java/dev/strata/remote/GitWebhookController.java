package dev.strata.remote;

import dev.strata.LogText;
import dev.strata.StrataProperties;
import dev.strata.api.ApiError;
import dev.strata.config.Replication;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/hooks/git}: a Git host tells Strata that its repository was pushed to, and
 * Strata fetches at once instead of at the next interval. The request carries no account: it is
 * trusted only when signed with {@code STRATA_REMOTE_WEBHOOK_SECRET}. Any push is a reason to
 * fetch, so the payload is not read beyond its signature; answering before the fetch ends keeps
 * hosts from timing out and retrying.
 */
@RestController
class GitWebhookController {

    /** Push payloads of the common hosts stay far below this; a bigger body is refused unread. */
    static final int MAX_BODY = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(GitWebhookController.class);

    private final ObjectProvider<Replication> replication;
    private final WebhookSignature signature;

    GitWebhookController(ObjectProvider<Replication> replication, StrataProperties properties) {
        this.replication = replication;
        String secret = properties.remote().webhookSecret();
        this.signature = secret == null || secret.isBlank() ? null : new WebhookSignature(secret);
    }

    @PostMapping("/api/v1/hooks/git")
    ResponseEntity<?> pushed(
            HttpServletRequest request,
            @RequestHeader(name = "X-Hub-Signature-256", required = false) String hubSignature,
            @RequestHeader(name = "X-Gitea-Signature", required = false) String giteaSignature,
            @RequestHeader(name = "X-Gitlab-Token", required = false) String gitlabToken)
            throws IOException {
        Replication remote = replication.getIfAvailable();
        if (remote == null || signature == null) {
            return error(
                    HttpStatus.NOT_FOUND,
                    "not_found",
                    "Push webhooks are off: they need STRATA_REMOTE_URL and" + " STRATA_REMOTE_WEBHOOK_SECRET.");
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            return error(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "too_large",
                    "A webhook body may have at most " + MAX_BODY + " bytes.");
        }
        if (!signature.verifies(body, hubSignature, giteaSignature, gitlabToken)) {
            LOG.warn(
                    "A Git webhook from {} was refused: its signature does not match",
                    LogText.of(request.getRemoteAddr()));
            return error(
                    HttpStatus.UNAUTHORIZED,
                    "unauthorized",
                    "The webhook is not signed with"
                            + " STRATA_REMOTE_WEBHOOK_SECRET (X-Hub-Signature-256, X-Gitea-Signature or X-Gitlab-Token);"
                            + " nothing was fetched.");
        }
        remote.fetchSoon();
        return ResponseEntity.accepted().body(Map.of("fetch", "started"));
    }

    private static ResponseEntity<ApiError> error(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).body(ApiError.of(code, message));
    }
}
