package dev.strata.instances;

import dev.strata.config.AppName;
import dev.strata.config.EnvName;
import dev.strata.config.InvalidNameException;
import java.util.HashMap;
import java.util.Map;

/**
 * The text a Strata instance publishes its sightings in, for the other Strata instances on the
 * remote: a first line {@value #HEADER}, then one line per sighting of nine fields separated by tabs
 * (application, environment, instance id, labels, revision, seen and interval in milliseconds,
 * address, token name; an empty field for none), with {@code \\}, tab, CR and LF escaped as
 * {@code \\\\}, {@code \\t}, {@code \\r} and {@code \\n}. The names and labels cannot hold those
 * characters ({@link InstanceHeaders}), so escaping is for the address and token name, which come
 * from elsewhere.
 * <p>
 * Read with suspicion, as anyone who can push to the remote can write one: every field is checked
 * as the headers are, a line that breaks a rule makes the whole snapshot unreadable, and a snapshot
 * may hold at most {@link Sightings#CAPACITY} lines.
 */
final class SightingsSnapshot {

    static final String HEADER = "strata-instances 1";
    private static final int FIELDS = 9;
    private static final int MAX_FIELD = 512;

    private SightingsSnapshot() {}

    /** Thrown for a text that is not a snapshot; the message says which line and why. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    /** The sightings within {@link Sightings#KEEP} as a snapshot. */
    static String write(Sightings sightings) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        sightings.each((key, sighting) -> {
            field(text, key.app()).append('\t');
            field(text, key.env()).append('\t');
            field(text, sighting.instance()).append('\t');
            field(text, sighting.labels()).append('\t');
            field(text, sighting.revision()).append('\t');
            text.append(sighting.seen())
                    .append('\t')
                    .append(sighting.interval())
                    .append('\t');
            field(text, sighting.address()).append('\t');
            field(text, sighting.token()).append('\n');
        });
        return text.toString();
    }

    private static StringBuilder field(StringBuilder text, String value) {
        if (value == null) {
            return text;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
        return text;
    }

    /**
     * The sightings of a snapshot seen since {@code oldest}; one dated after {@code now} (another
     * machine's clock ahead of this one) counts as seen now, so that it cannot outlive its expiry
     * or win over a newer sighting for ever.
     */
    static Map<Sightings.Key, Sighting> read(String text, long oldest, long now) throws Unreadable {
        if (!text.startsWith(HEADER + "\n")) {
            throw new Unreadable("it does not start with \"" + HEADER + "\"");
        }
        Map<Sightings.Key, Sighting> sightings = new HashMap<>();
        // one copy of each application, environment, revision, label set and token, as in Sightings
        Map<String, String> shared = new HashMap<>();
        int start = HEADER.length() + 1;
        int line = 1;
        while (start < text.length()) {
            line++;
            if (line - 1 > Sightings.CAPACITY) {
                throw new Unreadable("it has more than " + Sightings.CAPACITY + " sightings");
            }
            int end = text.indexOf('\n', start);
            if (end < 0) {
                throw new Unreadable("line " + line + " does not end");
            }
            String[] fields = fields(text.substring(start, end), line);
            for (int i : new int[] {0, 1, 3, 4, 8}) {
                fields[i] = shared.computeIfAbsent(fields[i], same -> same);
            }
            Sighting sighting = sighting(fields, line, now);
            if (sighting.seen() >= oldest) {
                sightings.put(
                        new Sightings.Key(
                                fields[0],
                                fields[1],
                                sighting.instance(),
                                sighting.instance() == null ? sighting.address() : null),
                        sighting);
            }
            start = end + 1;
        }
        return sightings;
    }

    private static String[] fields(String line, int number) throws Unreadable {
        String[] fields = new String[FIELDS];
        StringBuilder field = new StringBuilder();
        int count = 0;
        for (int i = 0; i <= line.length(); i++) {
            char c = i == line.length() ? '\t' : line.charAt(i);
            if (c == '\t') {
                if (count == FIELDS) {
                    throw new Unreadable("line " + number + " has more than " + FIELDS + " fields");
                }
                fields[count++] = field.toString();
                field.setLength(0);
            } else if (c == '\\') {
                char escaped = ++i < line.length() ? line.charAt(i) : ' ';
                switch (escaped) {
                    case '\\' -> field.append('\\');
                    case 't' -> field.append('\t');
                    case 'n' -> field.append('\n');
                    case 'r' -> field.append('\r');
                    default -> throw new Unreadable("line " + number + " has an unknown escape");
                }
            } else if (field.length() >= MAX_FIELD) {
                throw new Unreadable("line " + number + " has a field longer than " + MAX_FIELD + " characters");
            } else {
                field.append(c);
            }
        }
        if (count != FIELDS) {
            throw new Unreadable("line " + number + " has " + count + " fields, not " + FIELDS);
        }
        return fields;
    }

    private static Sighting sighting(String[] fields, int line, long now) throws Unreadable {
        try {
            new AppName(fields[0]);
            new EnvName(fields[1]);
        } catch (InvalidNameException e) {
            throw new Unreadable("line " + line + " names no application and environment");
        }
        String instance = fields[2].isEmpty() ? null : fields[2];
        String labels = fields[3].isEmpty() ? null : fields[3];
        if (instance != null && !InstanceHeaders.validInstance(instance)
                || labels != null && (instance == null || !InstanceHeaders.validLabels(labels))) {
            throw new Unreadable("line " + line + " has an invalid instance id or labels");
        }
        if (!printable(fields[4]) || !printable(fields[7]) || !fields[8].isEmpty() && !printable(fields[8])) {
            throw new Unreadable("line " + line + " has an invalid revision, address or token name");
        }
        long seen = number(fields[5], line);
        long interval = number(fields[6], line);
        return new Sighting(
                instance,
                labels,
                fields[4],
                Math.min(seen, now),
                interval,
                fields[7],
                fields[8].isEmpty() ? null : fields[8]);
    }

    /** Not empty, and without spaces or control characters. */
    private static boolean printable(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) <= ' ' || Character.isISOControl(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static long number(String field, int line) throws Unreadable {
        if (field.isEmpty() || field.length() > 18) {
            throw new Unreadable("line " + line + " has an invalid time");
        }
        for (int i = 0; i < field.length(); i++) {
            if (field.charAt(i) < '0' || field.charAt(i) > '9') {
                throw new Unreadable("line " + line + " has an invalid time");
            }
        }
        return Long.parseLong(field);
    }
}
