package dev.strata.store;

import dev.strata.config.Actor;
import dev.strata.config.AppEnv;
import dev.strata.config.AppName;
import dev.strata.config.Author;
import dev.strata.config.EnvName;
import dev.strata.config.Revision;
import dev.strata.config.Rollout;
import dev.strata.formats.YamlScalar;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The reader and writer of {@value #NAME}, the file in a rollout's record commit that says which
 * change request it rolls out where, to which instances, from which base and candidate, and who
 * started it when. {@link GitRollouts} checks that the commit around it fits.
 */
final class RolloutFile {

    static final String NAME = "rollout.yaml";
    private static final Set<String> FIELDS = Set.of(
            "changeRequest",
            "app",
            "env",
            "labels",
            "percent",
            "candidate",
            "base",
            "startedBy",
            "name",
            "email",
            "started");

    private RolloutFile() {}

    static byte[] write(Rollout rollout) {
        StringBuilder yaml = new StringBuilder(256);
        line(yaml, "changeRequest", Long.toString(rollout.changeRequest()));
        line(yaml, "app", rollout.target().app().value());
        line(yaml, "env", rollout.target().env().value());
        if (rollout.selector().percent() != null) {
            line(yaml, "percent", rollout.selector().percent().toString());
        } else {
            line(yaml, "labels", rollout.selector().toString());
        }
        line(yaml, "candidate", rollout.candidate().id());
        line(yaml, "base", rollout.base().id());
        line(yaml, "startedBy", rollout.startedBy().username());
        line(yaml, "name", rollout.startedBy().name());
        line(yaml, "email", rollout.startedBy().author().email());
        line(yaml, "started", rollout.started().toString());
        return yaml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder yaml, String field, String value) {
        yaml.append(field).append(": ").append(YamlScalar.string(value)).append('\n');
    }

    /**
     * The rollout {@code bytes} record.
     *
     * @throws UnreadableFileException when a field is missing, unknown or not YAML
     * @throws RuntimeException        when a value is no valid name, number, revision or instant
     */
    static Rollout read(byte[] bytes) throws UnreadableFileException {
        Map<?, ?> top = YamlTree.map(YamlTree.read(bytes), NAME);
        YamlTree.unknownFields(top, FIELDS, NAME);
        String labels = YamlTree.scalar(top.get("labels"), "labels");
        String percent = YamlTree.scalar(top.get("percent"), "percent");
        Rollout.Selector selector = labels != null
                ? Rollout.Selector.byLabels(labelsOf(labels))
                : Rollout.Selector.byPercent(Integer.parseInt(required(top, "percent", percent)));
        Revision candidate = new Revision(required(top, "candidate", null));
        return new Rollout(
                new AppEnv(new AppName(required(top, "app", null)), new EnvName(required(top, "env", null))),
                Long.parseLong(required(top, "changeRequest", null)),
                selector,
                candidate,
                new Revision(required(top, "base", null)),
                new Actor(
                        required(top, "startedBy", null),
                        new Author(required(top, "name", null), required(top, "email", null))),
                Instant.parse(required(top, "started", null)));
    }

    private static String required(Map<?, ?> top, String field, String known) throws UnreadableFileException {
        String value = known != null ? known : YamlTree.scalar(top.get(field), field);
        if (value == null) {
            throw new UnreadableFileException("has no " + field);
        }
        return value;
    }

    private static Map<String, String> labelsOf(String text) {
        Map<String, String> labels = new TreeMap<>();
        for (String pair : text.split(",")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("labels are key=value, not '" + pair + "'");
            }
            labels.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return labels;
    }
}
