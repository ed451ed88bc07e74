package dev.strata.serving;

import dev.strata.config.AppName;
import dev.strata.config.Application;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigUnreadableException;
import dev.strata.config.EnvName;
import dev.strata.formats.GitOpsManifests;
import dev.strata.formats.KubernetesManifests;
import dev.strata.secrets.SecretException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the rendered branch holds for one commit of main: per environment, {@code <app>.yaml} for
 * every application (its {@code ConfigMap} of the values served to it, minus secrets; and when it
 * has secret keys, the {@code SecretStore} and {@code ExternalSecret} that fetch them from Strata)
 * and a {@code kustomization.yaml} listing them. Values are those serving resolves, so the
 * branch and the API never disagree.
 *
 * <p>A file whose values did not change keeps the revision it was rendered at, so that a commit
 * touching one application changes only that application's file, and Argo CD or Flux applies nothing
 * else. A configuration that cannot be resolved (a broken file, an unreadable required secret) keeps its
 * previous rendering, as serving keeps refusing it: a deployment is not torn down by a bad commit.
 */
final class GitOpsRendering {

    private static final Logger LOG = LoggerFactory.getLogger(GitOpsRendering.class);
    static final String KUSTOMIZATION = "kustomization.yaml";
    private static final Pattern REVISION = Pattern.compile(
            "^    " + Pattern.quote(KubernetesManifests.REVISION) + ": \"?([0-9a-f]{40})\"?$", Pattern.MULTILINE);

    private final ConfigResolver resolver;
    private final String strataUrl;

    GitOpsRendering(ConfigResolver resolver, String strataUrl) {
        this.resolver = resolver;
        this.strataUrl = strataUrl;
    }

    /** The files (path to text) of the rendering of {@code snapshot}, given the {@code previous} rendering's. */
    Map<String, String> render(ConfigSnapshot snapshot, Map<String, String> previous) {
        Map<String, String> files = new TreeMap<>();
        for (EnvName env : snapshot.pipeline().names()) {
            List<String> resources = new ArrayList<>();
            for (Application application : snapshot.applications().values()) {
                String file = application.name().value() + ".yaml";
                String path = env.value() + "/" + file;
                String text = file(snapshot, application, env, previous.get(path));
                if (text != null) {
                    files.put(path, text);
                    resources.add(file);
                }
            }
            files.put(env.value() + "/" + KUSTOMIZATION, GitOpsManifests.kustomization(resources));
        }
        return files;
    }

    private String file(ConfigSnapshot snapshot, Application application, EnvName env, String previous) {
        AppName app = application.name();
        ResolvedConfig resolved;
        try {
            resolved = resolver.resolve(app.value(), env.value(), snapshot.revision());
        } catch (ConfigUnreadableException | SecretException e) {
            LOG.warn(
                    "{} in {} is not rendered at {}, {}: {}",
                    app,
                    env,
                    snapshot.revision().abbreviated(),
                    previous == null ? "and has no earlier rendering" : "its earlier rendering stays",
                    e.getMessage());
            return previous;
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<String> secretKeys = new ArrayList<>();
        resolved.values().forEach((key, value) -> {
            if (resolved.secret(key)) {
                secretKeys.add(key);
            } else {
                values.put(key, value.text());
            }
        });
        String fresh = manifests(app, env, snapshot.revision().id(), values, secretKeys);
        if (previous != null) {
            Matcher rendered = REVISION.matcher(previous);
            if (rendered.find()
                    && manifests(app, env, rendered.group(1), values, secretKeys)
                            .equals(previous)) {
                return previous;
            }
        }
        return fresh;
    }

    private String manifests(
            AppName app, EnvName env, String revision, Map<String, String> values, List<String> secretKeys) {
        String configMap = KubernetesManifests.configMap(app.value(), env.value(), revision, values);
        return secretKeys.isEmpty()
                ? configMap
                : configMap + "---\n" + GitOpsManifests.externalSecret(app.value(), env.value(), strataUrl, secretKeys);
    }
}
