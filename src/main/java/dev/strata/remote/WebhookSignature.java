package dev.strata.remote;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a push webhook comes from the Git host that knows the shared secret, in the three
 * forms the common hosts send: GitHub's {@code X-Hub-Signature-256: sha256=<hex>} and Gitea's
 * {@code X-Gitea-Signature: <hex>} (HMAC-SHA256 of the body), GitLab's {@code X-Gitlab-Token:
 * <secret>}. Comparisons take the same time whatever matches.
 */
final class WebhookSignature {

    private final byte[] secret;

    WebhookSignature(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** True when one of the signatures present is right; absent ones are null. */
    boolean verifies(byte[] body, String hubSignature256, String giteaSignature, String gitlabToken) {
        if (hubSignature256 != null) {
            return hubSignature256.startsWith("sha256=")
                    && hmacMatches(body, hubSignature256.substring("sha256=".length()));
        }
        if (giteaSignature != null) {
            return hmacMatches(body, giteaSignature);
        }
        if (gitlabToken != null) {
            return MessageDigest.isEqual(secret, gitlabToken.getBytes(StandardCharsets.UTF_8));
        }
        return false;
    }

    private boolean hmacMatches(byte[] body, String hex) {
        byte[] given;
        try {
            given = HexFormat.of().parseHex(hex.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmac(body), given);
    }

    byte[] hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
