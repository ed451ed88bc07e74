package dev.strata.editing;

import dev.strata.config.EnvName;
import dev.strata.config.KeySpec;
import dev.strata.config.Revision;
import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One application in every environment side by side, as the application page shows it: one row
 * per key (declared in the schema or set anywhere, or given by a shared set it includes), one cell
 * per environment of the pipeline.
 * Secret values are already masked here; nothing in this table is plaintext of a secret.
 *
 * @param app      the application
 * @param revision the revision it was read at: the base of edits made on it
 * @param schema   the application's schema
 * @param columns  the environments in promotion order, with what the person may do there
 * @param rows     the keys, sorted
 */
public record SettingsTable(String app, Revision revision, Schema schema, List<Column> columns, List<Row> rows) {

    public SettingsTable {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    public Optional<Row> row(SettingKey key) {
        return rows.stream().filter(r -> r.key().equals(key)).findFirst();
    }

    public Optional<Column> column(EnvName env) {
        return columns.stream().filter(c -> c.env().equals(env)).findFirst();
    }

    /**
     * An environment as the signed-in person sees it.
     *
     * @param env            the environment
     * @param isProtected    changes arrive only through change requests
     * @param editable       the person may change it from this page: a commit, or a change request when protected
     * @param mayReveal      the person may see its secret values
     * @param readOnlyReason why the person may not edit it, or null when {@code editable}
     * @param error          why its settings file cannot be read, or null
     * @param mayApprove     the person may approve change requests of this application into it
     */
    public record Column(
            EnvName env,
            boolean isProtected,
            boolean editable,
            boolean mayReveal,
            String readOnlyReason,
            String error,
            boolean mayApprove) {

        /** Whether the person may propose changes to this environment: editors may, as they may reveal. */
        public boolean mayPropose() {
            return mayReveal;
        }
    }

    /**
     * One key in every environment.
     *
     * @param key      the key
     * @param spec     what the schema says about it ({@link KeySpec#UNDECLARED} when it has no entry)
     * @param declared whether the schema has an entry for it
     * @param cells    one per column, in the same order
     */
    public record Row(SettingKey key, KeySpec spec, boolean declared, List<Cell> cells) {

        public Row {
            Objects.requireNonNull(key, "key");
            cells = List.copyOf(cells);
        }

        public Cell cell(EnvName env) {
            return cells.stream().filter(c -> c.env().equals(env)).findFirst().orElseThrow();
        }

        /** Whether any cell differs from the environment before it. */
        public boolean differs() {
            return cells.stream().anyMatch(Cell::differsFromPrevious);
        }

        /** Whether any cell has a problem. */
        public boolean hasProblem() {
            return cells.stream().anyMatch(c -> c.problem() != null);
        }

        /** Whether the key or a shown value contains {@code text}, ignoring case; masked secrets never match. */
        public boolean matches(String text) {
            if (text == null || text.isBlank()) {
                return true;
            }
            String wanted = text.strip().toLowerCase(Locale.ROOT);
            if (key.value().toLowerCase(Locale.ROOT).contains(wanted)) {
                return true;
            }
            return !spec.secret()
                    && cells.stream()
                            .anyMatch(c -> c.value() != null
                                    && c.value().toLowerCase(Locale.ROOT).contains(wanted));
        }
    }

    /**
     * One key in one environment.
     *
     * @param env                 the environment
     * @param value               the value written in the environment's file (masked when secret), or null when not set
     * @param defaultValue        the schema's default the application gets when the key is not set, or null
     * @param differsFromPrevious the effective value differs from the previous environment's, and the key is
     *                            not envSpecific (where differences are expected)
     * @param problem             what is wrong with the value (type, or required but missing), or null
     * @param inherited           the value a shared set gives the application here (masked when secret), which
     *                            its own value, if any, overrides; null when no included set has one
     * @param inheritedFrom       the set that gives {@code inherited}, or null
     */
    public record Cell(
            EnvName env,
            String value,
            String defaultValue,
            boolean differsFromPrevious,
            String problem,
            String inherited,
            String inheritedFrom) {

        /** A cell of an application that inherits nothing there. */
        public Cell(EnvName env, String value, String defaultValue, boolean differsFromPrevious, String problem) {
            this(env, value, defaultValue, differsFromPrevious, problem, null, null);
        }

        public boolean isSet() {
            return value != null;
        }
    }
}
