package dev.strata.store;

import dev.strata.config.EnvName;
import dev.strata.config.EnvironmentPolicy;
import dev.strata.config.FreezeWindow;
import dev.strata.config.Pipeline;
import dev.strata.config.ValidationException;
import dev.strata.formats.YamlScalar;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code strata.yaml}: the environments in promotion order and their policies. */
final class PipelineFile {

    static final String PATH = "strata.yaml";

    /** The file a new repository starts with; its comments explain it to people who open it in Git. */
    static final byte[] INITIAL = """
            environments:              # promotion order: each promotes into the next
              - name: dev
              - name: staging
                protected: true        # no direct commits: changes arrive through change requests
                requiredApprovals: 1
              - name: production
                protected: true
                requiredApprovals: 2
            """.getBytes(StandardCharsets.UTF_8);

    private static final Set<String> ENV_FIELDS =
            Set.of("name", "protected", "requiredApprovals", "requireOwnerApproval", "soak", "freeze");
    private static final Set<String> WINDOW_FIELDS = Set.of("from", "until", "reason");

    private PipelineFile() {}

    /** The file as Strata writes it: defaults ({@code protected: false}, no approvals) left out. */
    static byte[] write(Pipeline pipeline) {
        StringBuilder yaml = new StringBuilder("environments:\n");
        for (EnvironmentPolicy policy : pipeline.environments()) {
            yaml.append("  - name: ").append(policy.name().value()).append('\n');
            if (policy.isProtected()) {
                yaml.append("    protected: true\n");
            }
            if (policy.requiredApprovals() > 0) {
                yaml.append("    requiredApprovals: ")
                        .append(policy.requiredApprovals())
                        .append('\n');
            }
            if (policy.requireOwnerApproval()) {
                yaml.append("    requireOwnerApproval: true\n");
            }
            if (!policy.soak().isZero()) {
                yaml.append("    soak: ")
                        .append(EnvironmentPolicy.formatSoak(policy.soak()))
                        .append('\n');
            }
            if (!policy.freeze().isEmpty()) {
                yaml.append("    freeze:\n");
                for (FreezeWindow window : policy.freeze()) {
                    yaml.append("      - from: ")
                            .append(window.from())
                            .append('\n')
                            .append("        until: ")
                            .append(window.until())
                            .append('\n')
                            .append("        reason: ")
                            .append(YamlScalar.string(window.reason()))
                            .append('\n');
                }
            }
        }
        return yaml.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Pipeline read(byte[] bytes) throws UnreadableFileException {
        Map<?, ?> top = YamlTree.map(YamlTree.read(bytes), "strata.yaml");
        YamlTree.unknownFields(top, Set.of("environments"), "strata.yaml");
        Object environments = top.get("environments");
        if (!(environments instanceof List<?> list)) {
            throw new UnreadableFileException("environments must be a list");
        }
        List<EnvironmentPolicy> policies = new ArrayList<>();
        try {
            for (Object item : list) {
                Map<?, ?> env = YamlTree.map(item, "each environment");
                YamlTree.unknownFields(env, ENV_FIELDS, "an environment");
                String name = YamlTree.scalar(env.get("name"), "name");
                String approvals = YamlTree.scalar(env.get("requiredApprovals"), "requiredApprovals");
                String soak = YamlTree.scalar(env.get("soak"), "soak");
                policies.add(new EnvironmentPolicy(
                        new EnvName(name),
                        YamlTree.bool(env.get("protected"), "protected"),
                        approvals == null ? 0 : Integer.parseInt(approvals),
                        YamlTree.bool(env.get("requireOwnerApproval"), "requireOwnerApproval"),
                        soak == null ? Duration.ZERO : EnvironmentPolicy.parseSoak(soak),
                        freeze(env.get("freeze"))));
            }
            return new Pipeline(policies);
        } catch (ValidationException e) {
            throw new UnreadableFileException(e.getMessage());
        } catch (NumberFormatException e) {
            throw new UnreadableFileException("requiredApprovals must be a whole number");
        }
    }

    private static List<FreezeWindow> freeze(Object node) throws UnreadableFileException {
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof List<?> list)) {
            throw new UnreadableFileException("freeze must be a list of windows");
        }
        List<FreezeWindow> windows = new ArrayList<>();
        for (Object item : list) {
            Map<?, ?> window = YamlTree.map(item, "each freeze window");
            YamlTree.unknownFields(window, WINDOW_FIELDS, "a freeze window");
            windows.add(new FreezeWindow(
                    EnvironmentPolicy.parseInstant("from", YamlTree.scalar(window.get("from"), "from")),
                    EnvironmentPolicy.parseInstant("until", YamlTree.scalar(window.get("until"), "until")),
                    YamlTree.scalar(window.get("reason"), "reason")));
        }
        return windows;
    }
}
