package dev.strata.history;

import dev.strata.config.AppEnv;
import dev.strata.config.ConfigHistory;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.HistoryEntry;
import dev.strata.config.HistoryPage;
import dev.strata.config.HistoryQuery;
import dev.strata.config.HistoryRewrite;
import dev.strata.config.KeyChange;
import dev.strata.config.Revision;
import dev.strata.config.Secrecy;
import dev.strata.config.SettingChange;
import dev.strata.config.SettingKey;
import dev.strata.security.CurrentUser;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The audit trail as people read it: commits newest first with their key changes, secrets shown
 * only as "changed". Everyone signed in may read it.
 */
@Service
public class HistoryService {

    private final ConfigHistory history;
    private final ConfigStore store;
    private final CurrentUser currentUser;

    HistoryService(ConfigHistory history, ConfigStore store, CurrentUser currentUser) {
        this.history = history;
        this.store = store;
        this.currentUser = currentUser;
    }

    /** One page of commits matching {@code query}, newest first. */
    public Page page(HistoryQuery query) {
        currentUser.require();
        HistoryPage page = history.history(query);
        ConfigSnapshot head = store.snapshot();
        return new Page(
                page.entries().stream().map(entry -> commit(entry, head)).toList(), page.nextCursor());
    }

    /** One commit with its key changes. */
    public Commit commit(Revision revision) {
        currentUser.require();
        return commit(history.commit(revision), store.snapshot());
    }

    /** Each time main was rewritten behind Strata's back, newest first. */
    public List<HistoryRewrite> rewrites() {
        currentUser.require();
        return history.rewrites();
    }

    private static Commit commit(HistoryEntry entry, ConfigSnapshot head) {
        List<Change> changes =
                entry.changes().stream().map(change -> change(change, head)).toList();
        return new Commit(
                entry.revision(),
                entry.author().name(),
                entry.author().email(),
                entry.time(),
                entry.message(),
                changes,
                entry.otherPaths(),
                trailer(entry.message(), "Change-Request").stream()
                        .filter(id -> id.matches("[0-9]{1,18}"))
                        .map(Long::valueOf)
                        .findFirst()
                        .orElse(null),
                trailer(entry.message(), "Approved-by"),
                entry.parents());
    }

    /** The values of the trailer lines named {@code name} in the last paragraph of a commit message. */
    static List<String> trailer(String message, String name) {
        String[] paragraphs = message.strip().split("\n\\s*\n");
        String prefix = name + ": ";
        return paragraphs[paragraphs.length - 1]
                .lines()
                .filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length()).strip())
                .toList();
    }

    /** A key's change as people see it: values of a key that is secret now, or whose value is sealed, hidden. */
    static Change change(SettingChange setting, ConfigSnapshot head) {
        AppEnv where = setting.appEnv();
        KeyChange change = setting.change();
        boolean secret = isSecret(head, where, change.key())
                || Secrecy.isSealed(change.before())
                || Secrecy.isSealed(change.after());
        return new Change(
                where.app().value(),
                where.env().value(),
                change.key().value(),
                change.kind(),
                secret ? null : change.before(),
                secret ? null : change.after(),
                secret);
    }

    static boolean isSecret(ConfigSnapshot snapshot, AppEnv where, SettingKey key) {
        return snapshot.application(where.app())
                .map(app -> app.schema().spec(key).secret())
                .orElse(false);
    }

    /**
     * One commit as the history shows it.
     *
     * @param otherPaths    files it changed that hold no settings (schemas, strata.yaml)
     * @param changeRequest the change request it merged ({@code Change-Request:} trailer), or null
     * @param approvedBy    who approved that change request ({@code Approved-by:} trailers)
     * @param parents       the commits it was made on
     */
    public record Commit(
            Revision revision,
            String author,
            String email,
            Instant time,
            String message,
            List<Change> changes,
            List<String> otherPaths,
            Long changeRequest,
            List<String> approvedBy,
            List<Revision> parents) {}

    /**
     * One key's change; a secret's values are never shown, only that it changed.
     *
     * @param before null when added, or when secret
     * @param after  null when removed, or when secret
     */
    public record Change(
            String app, String env, String key, KeyChange.Kind kind, String before, String after, boolean secret) {}

    /** @param nextCursor pass back as {@code cursor} for the next page; null on the last */
    public record Page(List<Commit> entries, String nextCursor) {}
}
