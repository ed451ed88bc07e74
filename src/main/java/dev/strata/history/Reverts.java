package dev.strata.history;

import dev.strata.changes.ChangeRequestService;
import dev.strata.config.AppName;
import dev.strata.config.CommitResult;
import dev.strata.config.ConfigHistory;
import dev.strata.config.ConfigStore;
import dev.strata.config.ConflictException;
import dev.strata.config.EnvName;
import dev.strata.config.EnvironmentPolicy;
import dev.strata.config.HistoryEntry;
import dev.strata.config.ReadError;
import dev.strata.config.Reversal;
import dev.strata.config.Revision;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import dev.strata.editing.SettingsService;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Undoing a commit (or one key of it) with a new commit by the person who reverts, or with a change
 * request where the environment is protected. A direct revert is based on the reverted commit, so a
 * key changed again since is a conflict, never overwritten. Who may revert where is the rule of
 * SettingsService (commits) and ChangeRequestService (change requests), as for any other change.
 */
@Service
public class Reverts {

    private final ConfigHistory history;
    private final ConfigStore store;
    private final SettingsService settings;
    private final ChangeRequestService changes;

    Reverts(ConfigHistory history, ConfigStore store, SettingsService settings, ChangeRequestService changes) {
        this.history = history;
        this.store = store;
        this.settings = settings;
        this.changes = changes;
    }

    /**
     * What a revert did: a commit, or, in a protected environment, a change request of kind revert.
     *
     * @param revision      the revert commit, or null when a change request was opened
     * @param changeRequest the change request opened, or null when committed
     */
    public record Outcome(Revision revision, Long changeRequest) {}

    /**
     * Why the signed-in person may not revert {@code revision} as a whole, or null when they may:
     * the rules of {@link #revert} asked beforehand, so that a revert is offered only to who may make it.
     */
    public String refusal(Revision revision) {
        Reversal reversal;
        try {
            reversal = Reversal.of(history.commit(revision), null);
        } catch (ValidationException e) {
            return "This commit cannot be reverted as a whole: "
                    + e.problems().getFirst().message() + ".";
        }
        EnvName env = reversal.target().env();
        boolean isProtected = store.snapshot()
                .pipeline()
                .policy(env)
                .map(EnvironmentPolicy::isProtected)
                .orElse(false);
        AppName app = reversal.target().app();
        return isProtected ? changes.openRefusal(app, env) : settings.commitRefusal(app, env);
    }

    /**
     * Reverts {@code revision}, or only {@code onlyKey} of it when given: a new commit in an
     * unprotected environment, a change request for review in a protected one.
     *
     * @throws ValidationException when the commit changed no settings, several environments, or not that key
     * @throws ConflictException   when a key it would restore changed again since
     */
    public Outcome revert(Revision revision, SettingKey onlyKey) {
        HistoryEntry entry = history.commit(revision);
        List<ReadError> leftUnreadable = onlyKey == null ? leftUnreadable(entry) : List.of();
        if (leftUnreadable.size() == 1) {
            // Its keys cannot be read, so the file as it was before is given back whole.
            ReadError error = leftUnreadable.getFirst();
            String subject = entry.message().lines().findFirst().orElse("");
            return new Outcome(
                    settings.restoreUnreadable(
                            error.app(),
                            error.env(),
                            revision,
                            "Revert \"" + subject + "\"\n\nThis reverts commit " + revision.id() + ", which left "
                                    + error.path() + " unreadable."),
                    null);
        }
        if (leftUnreadable.size() > 1) {
            throw new ValidationException(
                    "revision",
                    "commit " + revision.abbreviated() + " left several settings files"
                            + " unreadable; revert it through Git");
        }
        Reversal reversal = Reversal.of(entry, onlyKey);
        boolean isProtected = store.snapshot()
                .pipeline()
                .policy(reversal.target().env())
                .map(EnvironmentPolicy::isProtected)
                .orElse(false);
        if (isProtected) {
            return new Outcome(
                    null, changes.openRevert(revision, onlyKey, null, null).id());
        }
        CommitResult result = settings.change(
                reversal.target().app(),
                reversal.target().env(),
                revision,
                reversal.message(),
                reversal.set(),
                reversal.unset());
        return new Outcome(result.revision(), null);
    }

    /** The settings files that {@code entry} changed and that cannot be read after it. */
    private List<ReadError> leftUnreadable(HistoryEntry entry) {
        return store.snapshot(entry.revision()).errors().stream()
                .filter(error -> error.app() != null
                        && error.env() != null
                        && entry.otherPaths().contains(error.path()))
                .toList();
    }
}
