package dev.strata.history;

import dev.strata.config.CommitResult;
import dev.strata.config.ConfigHistory;
import dev.strata.config.Reversal;
import dev.strata.config.Revision;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import dev.strata.editing.SettingsService;
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
        Reversal reversal = Reversal.of(history.commit(revision), onlyKey);
        return settings.change(reversal.target().app(), reversal.target().env(), revision, reversal.message(),
                reversal.set(), reversal.unset());
    }
}
