package dev.strata.history;

import dev.strata.config.AppEnv;
import dev.strata.config.CommitResult;
import dev.strata.config.ConfigHistory;
import dev.strata.config.HistoryEntry;
import dev.strata.config.KeyChange;
import dev.strata.config.Revision;
import dev.strata.config.SettingChange;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import dev.strata.editing.SettingsService;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Service;

/**
 * Undoing a commit (or one key of it) with a new commit by the person who reverts. The revert is
 * based on the reverted commit, so a key changed again since is a conflict, never overwritten.
 * Who may revert where is SettingsService's rule, the same as for any edit.
 */
@Service
public class Reverts {

    private final ConfigHistory history;
    private final SettingsService settings;

    Reverts(ConfigHistory history, SettingsService settings) {
        this.history = history;
        this.settings = settings;
    }

    /**
     * Reverts {@code revision}, or only {@code onlyKey} of it when given.
     *
     * @throws ValidationException when the commit changed no settings, several environments, or not that key
     */
    public CommitResult revert(Revision revision, SettingKey onlyKey) {
        HistoryEntry entry = history.commit(revision);
        List<SettingChange> changes = entry.changes().stream()
                .filter(change -> onlyKey == null || change.change().key().equals(onlyKey)).toList();
        if (changes.isEmpty()) {
            throw new ValidationException("revision", onlyKey == null
                    ? "commit " + revision.abbreviated() + " changed no settings; nothing to revert"
                    : "commit " + revision.abbreviated() + " did not change " + onlyKey);
        }
        Set<AppEnv> where = new TreeSet<>(changes.stream().map(SettingChange::appEnv).toList());
        if (where.size() > 1) {
            throw new ValidationException("revision", "commit " + revision.abbreviated() + " changed " + where
                    + "; revert one key at a time");
        }
        AppEnv target = where.iterator().next();
        var set = new TreeMap<SettingKey, String>();
        var unset = new TreeSet<SettingKey>();
        for (SettingChange change : changes) {
            KeyChange key = change.change();
            if (key.kind() == KeyChange.Kind.ADDED) {
                unset.add(key.key());
            } else {
                set.put(key.key(), key.before());
            }
        }
        String subject = entry.message().lines().findFirst().orElse("");
        String message = "Revert \"" + subject + "\"" + (onlyKey == null ? "" : " for " + onlyKey)
                + "\n\nThis reverts commit " + revision.id() + ".";
        return settings.change(target.app(), target.env(), revision, message, set, unset);
    }
}
