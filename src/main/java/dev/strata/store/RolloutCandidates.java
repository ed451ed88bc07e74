package dev.strata.store;

import dev.strata.config.AppEnv;
import dev.strata.config.AppName;
import dev.strata.config.Application;
import dev.strata.config.Author;
import dev.strata.config.ChangeSet;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConflictException;
import dev.strata.config.KeyChange;
import dev.strata.config.KeyConflict;
import dev.strata.config.NotFoundException;
import dev.strata.config.Problem;
import dev.strata.config.Revision;
import dev.strata.config.Rollout;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import dev.strata.config.ValidationException;
import java.io.IOException;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The settings a rollout's candidate commit holds: main's with the change request's change, refused
 * as a merge would be; and back from a candidate, the change it makes, to commit on main when the
 * rollout completes after main moved. {@link GitRollouts} writes and moves the commits.
 */
final class RolloutCandidates {

    private final Repository repository;
    private final Function<Revision, ConfigSnapshot> snapshots;

    RolloutCandidates(Repository repository, Function<Revision, ConfigSnapshot> snapshots) {
        this.repository = repository;
        this.snapshots = snapshots;
    }

    /** The settings the candidate holds: main's with the change, refused as a merge would be. */
    Settings next(ChangeSet changes, Revision head) {
        AppEnv target = changes.appEnv();
        ConfigSnapshot snapshot = snapshots.apply(head);
        Application application = application(snapshot, target.app());
        if (!snapshot.pipeline().contains(target.env())) {
            throw new NotFoundException("environment " + target.env() + " is not in strata.yaml");
        }
        snapshot.error(target.app(), target.env()).ifPresent(error -> {
            throw new ValidationException(
                    RepositoryLayout.settings(target), error.message() + "; repair the file through Git first");
        });
        Settings current = snapshot.settings(target.app(), target.env());
        Settings base = changes.base().equals(head)
                ? current
                : snapshots.apply(changes.base()).settings(target.app(), target.env());
        List<KeyConflict> conflicts = changes.conflictsWith(base, current);
        if (!conflicts.isEmpty()) {
            throw new ConflictException(target, head, conflicts);
        }
        List<Problem> problems = application.schema().validateChange(changes.set(), changes.unset());
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        Settings next = current.with(changes.set(), changes.unset());
        if (next.equals(current)) {
            throw new ConflictException(
                    "Main holds this change already: there is nothing to roll out; merge it for everyone.", head);
        }
        return next;
    }

    /** What the candidate changes in its application and environment, as a change to commit on main. */
    ChangeSet change(Rollout rollout) throws IOException {
        AppEnv target = rollout.target();
        Settings before = snapshots.apply(rollout.base()).settings(target.app(), target.env());
        Settings after = snapshots.apply(rollout.candidate()).settings(target.app(), target.env());
        TreeMap<SettingKey, String> set = new TreeMap<>();
        TreeSet<SettingKey> unset = new TreeSet<>();
        for (KeyChange change : KeyChange.between(before, after)) {
            if (change.kind() == KeyChange.Kind.REMOVED) {
                unset.add(change.key());
            } else {
                set.put(change.key(), change.after());
            }
        }
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit commit =
                    walk.parseCommit(ObjectId.fromString(rollout.candidate().id()));
            PersonIdent author = commit.getAuthorIdent();
            return new ChangeSet(
                    target.app(),
                    target.env(),
                    set,
                    unset,
                    commit.getFullMessage(),
                    new Author(author.getName(), author.getEmailAddress()),
                    rollout.base());
        }
    }

    static Application application(ConfigSnapshot snapshot, AppName app) {
        return snapshot.application(app)
                .orElseThrow(() -> new NotFoundException("There is no application " + app + "."));
    }
}
