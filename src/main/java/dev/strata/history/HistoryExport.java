package dev.strata.history;

import dev.strata.config.HistoryQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The filtered history for auditors, one row per key change (a commit without setting changes is
 * one row without a key), as CSV (RFC 4180) or JSON lines of the API's shape. Streams page by page,
 * so an export of the whole history holds one page in memory. Secrets appear only as changed.
 */
public final class HistoryExport {

    // Both exports flush what they write; the JSON one also closes the writer, as its generator does so

    static final int MAX_COMMITS = 100_000;
    /** What OWASP lists as the start of a formula in CSV injection. */
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private HistoryExport() {}

    public static void csv(HistoryService history, HistoryQuery filters, Writer out) {
        try {
            out.write("revision,time,author,email,message,application,environment,key,change,before,after\r\n");
            each(history, filters, commit -> {
                String subject = commit.message().lines().findFirst().orElse("");
                if (commit.changes().isEmpty()) {
                    row(
                            out,
                            commit.revision().id(),
                            commit.time().toString(),
                            commit.author(),
                            commit.email(),
                            subject,
                            "",
                            "",
                            "",
                            "",
                            "",
                            "");
                }
                for (HistoryService.Change change : commit.changes()) {
                    row(
                            out,
                            commit.revision().id(),
                            commit.time().toString(),
                            commit.author(),
                            commit.email(),
                            subject,
                            change.app(),
                            change.env(),
                            change.key(),
                            change.kind().name().toLowerCase(),
                            shown(change.secret(), change.before()),
                            shown(change.secret(), change.after()));
                }
            });
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param json the application's mapper, which writes revisions as their commit ids */
    public static void json(HistoryService history, HistoryQuery filters, JsonMapper json, Writer out) {
        try (JsonGenerator generator = json.createGenerator(out)) {
            generator.writeStartArray();
            each(history, filters, commit -> json.writeValue(generator, commit));
            generator.writeEndArray();
        }
    }

    private static String shown(boolean secret, String value) {
        return secret ? "(secret changed)" : value == null ? "" : value;
    }

    private static void each(
            HistoryService history, HistoryQuery filters, java.util.function.Consumer<HistoryService.Commit> action) {
        HistoryQuery query = new HistoryQuery(
                filters.app(),
                filters.env(),
                filters.key(),
                filters.author(),
                filters.since(),
                filters.until(),
                HistoryQuery.MAX_LIMIT,
                null);
        int count = 0;
        while (true) {
            HistoryService.Page page = history.page(query);
            for (HistoryService.Commit commit : page.entries()) {
                action.accept(commit);
                if (++count >= MAX_COMMITS) {
                    return;
                }
            }
            if (page.nextCursor() == null) {
                return;
            }
            query = query.after(page.nextCursor());
        }
    }

    private static void row(Writer out, String... cells) {
        try {
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(cell(cells[i]));
            }
            out.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Quoted when needed; a leading =, +, - or @, and a leading tab or carriage return (after which
     * spreadsheets read a formula all the same), is defused so that spreadsheets do not run it as a formula.
     */
    static String cell(String value) {
        String text = !value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (text.contains(",")
                || text.contains("\"")
                || text.contains("\n")
                || text.contains("\r")
                || !text.equals(value)) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
