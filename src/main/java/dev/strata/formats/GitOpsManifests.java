package dev.strata.formats;

import java.util.List;

/**
 * The manifests of the rendered branch besides the {@code ConfigMap} ({@link KubernetesManifests}):
 * for an application's secret keys, a {@code SecretStore} and an {@code ExternalSecret} of the
 * External Secrets Operator, which fetch the values from Strata's serving API at sync time (the
 * branch holds key names only, never values); and per environment a {@code kustomization.yaml}.
 * <p>
 * The store's webhook provider calls {@code GET <strata>/api/v1/config/<app>/<env>?format=json}
 * with a token read from the Kubernetes Secret {@code strata-token-<app>} (key {@code token}), and
 * picks each key out of the flat JSON object by name: bracket notation, since keys hold dots.
 */
public final class GitOpsManifests {

    /** The Kubernetes Secret holding the token the store of {@code app} sends. */
    public static String tokenSecret(String app) {
        return "strata-token-" + app;
    }

    /** The name of the {@code SecretStore} of {@code app}. */
    public static String secretStore(String app) {
        return "strata-" + app;
    }

    private GitOpsManifests() {}

    /**
     * A {@code SecretStore} calling {@code strataUrl} for {@code app} in {@code env}, and an
     * {@code ExternalSecret} making the Secret {@code app} of {@code secretKeys} from it, as two YAML
     * documents. Keys are named in the Secret as {@link KubernetesManifests#key} maps them; those it
     * cannot map are left out, as they are from a ConfigMap.
     */
    public static String externalSecret(String app, String env, String strataUrl, List<String> secretKeys) {
        String url = strataUrl.replaceAll("/+$", "") + "/api/v1/config/" + app + "/" + env + "?format=json";
        StringBuilder yaml = new StringBuilder(512 + secretKeys.size() * 64)
                .append("apiVersion: external-secrets.io/v1beta1\n")
                .append("kind: SecretStore\n")
                .append("metadata:\n")
                .append("  name: ")
                .append(YamlScalar.string(secretStore(app)))
                .append('\n')
                .append(labels(app, env))
                .append("spec:\n")
                .append("  provider:\n")
                .append("    webhook:\n")
                .append("      url: ")
                .append(YamlScalar.string(url))
                .append('\n')
                .append("      method: GET\n")
                .append("      headers:\n")
                .append("        Authorization: ")
                .append(YamlScalar.string("Bearer {{ .auth.token }}"))
                .append('\n')
                .append("      result:\n")
                .append("        jsonPath: ")
                .append(YamlScalar.string("$[\"{{ .remoteRef.key }}\"]"))
                .append('\n')
                .append("      secrets:\n")
                .append("        - name: auth\n")
                .append("          secretRef:\n")
                .append("            name: ")
                .append(YamlScalar.string(tokenSecret(app)))
                .append('\n')
                .append("---\n")
                .append("apiVersion: external-secrets.io/v1beta1\n")
                .append("kind: ExternalSecret\n")
                .append("metadata:\n")
                .append("  name: ")
                .append(YamlScalar.string(app))
                .append('\n')
                .append(labels(app, env))
                .append("spec:\n")
                .append("  refreshInterval: 1m\n")
                .append("  secretStoreRef:\n")
                .append("    kind: SecretStore\n")
                .append("    name: ")
                .append(YamlScalar.string(secretStore(app)))
                .append('\n')
                .append("  target:\n")
                .append("    name: ")
                .append(YamlScalar.string(app))
                .append('\n')
                .append("    creationPolicy: Owner\n")
                .append("  data:\n");
        List<String> skipped = KubernetesManifests.skipped(secretKeys);
        for (String key : secretKeys) {
            if (!skipped.contains(key)) {
                yaml.append("    - secretKey: ")
                        .append(YamlScalar.string(KubernetesManifests.key(key)))
                        .append('\n')
                        .append("      remoteRef:\n")
                        .append("        key: ")
                        .append(YamlScalar.string(key))
                        .append('\n');
            }
        }
        return yaml.toString();
    }

    /** An environment's {@code kustomization.yaml} listing {@code resources}, file names beside it. */
    public static String kustomization(List<String> resources) {
        StringBuilder yaml = new StringBuilder(128 + resources.size() * 32)
                .append("apiVersion: kustomize.config.k8s.io/v1beta1\n")
                .append("kind: Kustomization\n");
        if (resources.isEmpty()) {
            return yaml.append("resources: []\n").toString();
        }
        yaml.append("resources:\n");
        resources.forEach(resource ->
                yaml.append("  - ").append(YamlScalar.string(resource)).append('\n'));
        return yaml.toString();
    }

    private static String labels(String app, String env) {
        return "  labels:\n"
                + "    app.kubernetes.io/name: " + YamlScalar.string(app) + '\n'
                + "    app.kubernetes.io/managed-by: strata\n"
                + "  annotations:\n"
                + "    " + KubernetesManifests.ENVIRONMENT + ": " + YamlScalar.string(env) + '\n';
    }
}
