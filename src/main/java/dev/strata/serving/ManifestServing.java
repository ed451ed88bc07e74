package dev.strata.serving;

import dev.strata.config.Revision;
import dev.strata.formats.KubernetesManifests;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code ?format=configmap} and {@code ?format=secret}: the resolved configuration as a Kubernetes
 * manifest ({@link KubernetesManifests}). The ConfigMap holds only the keys no schema marks
 * secret, whoever asks, so that it can be applied or committed anywhere; the Secret only the secret
 * ones. A token sees secret values in every format its scope allows, so the Secret needs no more
 * than that scope, and a token outside it is refused (403) before anything is resolved.
 */
@Service
class ManifestServing {

    /** The two manifests, by their {@code format} parameter. */
    enum Kind {
        CONFIGMAP,
        SECRET;

        static Optional<Kind> named(String format) {
            for (Kind kind : values()) {
                if (kind.name().equalsIgnoreCase(format)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    private final ConfigServing serving;

    ManifestServing(ConfigServing serving) {
        this.serving = serving;
    }

    /** Answers the manifest of {@code kind}; the scope must have been checked. */
    void serve(String app, String env, Kind kind, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (request.getParameter("wait") != null) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST,
                    "wait is for application formats; a manifest is applied by a deployment tool, which polls");
        }
        String at = request.getParameter("at");
        Revision revision = at == null ? serving.head() : serving.past(at);
        ResolvedConfig resolved = serving.resolve(app, env, revision);
        if (ConfigServlet.etag(resolved.revision()).equals(request.getHeader(HttpHeaders.IF_NONE_MATCH))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            response.setHeader(HttpHeaders.ETAG, ConfigServlet.etag(resolved.revision()));
            return;
        }
        Map<String, String> values = values(app, kind, resolved);
        String id = resolved.revision().id();
        String yaml = kind == Kind.SECRET
                ? KubernetesManifests.secret(app, env, id, values)
                : KubernetesManifests.configMap(app, env, id, values);
        List<String> skipped = KubernetesManifests.skipped(values.keySet());
        if (!skipped.isEmpty()) {
            // as kubectl shows an API server's warnings: the client learns it without reading the annotation
            response.setHeader(
                    HttpHeaders.WARNING,
                    "299 strata \"keys left out, as they are no valid Kubernetes keys" + " or clash with another key: "
                            + String.join(",", skipped) + "\"");
        }
        byte[] body = yaml.getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setHeader(HttpHeaders.ETAG, ConfigServlet.etag(resolved.revision()));
        response.setContentType(KubernetesManifests.MEDIA_TYPE + ";charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The values the manifest holds, as text: the secret keys for a Secret, all others for a ConfigMap. */
    private Map<String, String> values(String app, Kind kind, ResolvedConfig resolved) {
        Map<String, String> values = new LinkedHashMap<>();
        resolved.values().forEach((key, value) -> {
            if (resolved.secret(key) == (kind == Kind.SECRET)) {
                values.put(key, value.text());
            }
        });
        return values;
    }

    /** The manifest formats, for messages: {@code configmap, secret}. */
    static String names() {
        return String.join(
                ", ",
                Arrays.stream(Kind.values())
                        .map(k -> k.name().toLowerCase(Locale.ROOT))
                        .toList());
    }
}
