package dev.strata.store;

import dev.strata.config.AppName;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestEvent;
import dev.strata.config.EnvName;
import dev.strata.config.Revision;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import dev.strata.formats.YamlScalar;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The two files of each commit of a change request's review record: {@code request.yaml}, what the
 * request is about (written once, carried along unchanged), and {@code event.yaml}, what that commit
 * records. Who and when are the commit's author line.
 */
final class ChangeRequestFiles {

    static final String REQUEST = "request.yaml";
    static final String EVENT = "event.yaml";

    private static final Set<String> REQUEST_FIELDS =
            Set.of("id", "kind", "app", "source", "target", "title", "description", "selection", "revertOf");
    private static final Set<String> EVENT_FIELDS = Set.of("event", "actor", "text", "revision");

    private ChangeRequestFiles() {}

    /** One event as read from the record: the actor's account name; the rest is in the commit. */
    record Event(ChangeRequestEvent.Type type, String username, String text, Revision revision) {}

    static byte[] writeRequest(long id, ChangeRequest.About about) {
        StringBuilder yaml = new StringBuilder(256);
        yaml.append("id: ").append(id).append('\n');
        line(yaml, "kind", about.kind().word());
        line(yaml, "app", about.app().value());
        if (about.source() != null) {
            line(yaml, "source", about.source().value());
        }
        line(yaml, "target", about.target().value());
        line(yaml, "title", about.title());
        if (!about.description().isEmpty()) {
            line(yaml, "description", about.description());
        }
        if (about.selection() != null) {
            yaml.append("selection:");
            if (about.selection().isEmpty()) {
                yaml.append(" []");
            }
            yaml.append('\n');
            about.selection()
                    .forEach(key -> yaml.append("  - ")
                            .append(YamlScalar.string(key.value()))
                            .append('\n'));
        }
        if (about.revertOf() != null) {
            line(yaml, "revertOf", about.revertOf().id());
        }
        return yaml.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] writeEvent(ChangeRequestEvent.Type type, String username, String text, Revision revision) {
        StringBuilder yaml = new StringBuilder(128);
        line(yaml, "event", type.word());
        line(yaml, "actor", username);
        if (text != null) {
            line(yaml, "text", text);
        }
        if (revision != null) {
            line(yaml, "revision", revision.id());
        }
        return yaml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder yaml, String field, String value) {
        yaml.append(field).append(": ").append(YamlScalar.string(value)).append('\n');
    }

    /** @return the id written in the file, and what the request is about */
    static Map.Entry<Long, ChangeRequest.About> readRequest(byte[] bytes) throws UnreadableFileException {
        Map<?, ?> top = YamlTree.map(YamlTree.read(bytes), REQUEST);
        YamlTree.unknownFields(top, REQUEST_FIELDS, REQUEST);
        try {
            long id = Long.parseLong(required(top, "id"));
            String source = YamlTree.scalar(top.get("source"), "source");
            String revertOf = YamlTree.scalar(top.get("revertOf"), "revertOf");
            TreeSet<SettingKey> selection = null;
            if (top.containsKey("selection")) {
                selection = new TreeSet<>();
                for (String key : YamlTree.strings(top.get("selection"), "selection")) {
                    selection.add(new SettingKey(key));
                }
            }
            return Map.entry(
                    id,
                    new ChangeRequest.About(
                            ChangeRequest.Kind.valueOf(required(top, "kind").toUpperCase(Locale.ROOT)),
                            new AppName(required(top, "app")),
                            source == null ? null : new EnvName(source),
                            new EnvName(required(top, "target")),
                            required(top, "title"),
                            YamlTree.scalar(top.get("description"), "description"),
                            selection,
                            revertOf == null ? null : new Revision(revertOf)));
        } catch (ValidationException | IllegalArgumentException e) {
            throw new UnreadableFileException("is not a valid change request: " + e.getMessage());
        }
    }

    static Event readEvent(byte[] bytes) throws UnreadableFileException {
        Map<?, ?> top = YamlTree.map(YamlTree.read(bytes), EVENT);
        YamlTree.unknownFields(top, EVENT_FIELDS, EVENT);
        try {
            String revision = YamlTree.scalar(top.get("revision"), "revision");
            return new Event(
                    ChangeRequestEvent.Type.valueOf(required(top, "event").toUpperCase(Locale.ROOT)),
                    required(top, "actor"),
                    YamlTree.scalar(top.get("text"), "text"),
                    revision == null ? null : new Revision(revision));
        } catch (ValidationException | IllegalArgumentException e) {
            throw new UnreadableFileException("is not a valid change request event: " + e.getMessage());
        }
    }

    private static String required(Map<?, ?> map, String field) throws UnreadableFileException {
        String value = YamlTree.scalar(map.get(field), field);
        if (value == null) {
            throw new UnreadableFileException("lacks " + field);
        }
        return value;
    }
}
