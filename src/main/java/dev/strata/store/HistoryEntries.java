package dev.strata.store;

import dev.strata.config.AppEnv;
import dev.strata.config.Author;
import dev.strata.config.HistoryEntry;
import dev.strata.config.HistoryQuery;
import dev.strata.config.KeyChange;
import dev.strata.config.Revision;
import dev.strata.config.SettingChange;
import dev.strata.config.Settings;
import dev.strata.config.ValidationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * One commit of the history as {@link GitHistory} lists it: the files it changed against its first
 * parent, the per-key before and after of each settings file among them, and its author as well as
 * plain Git's may be shown.
 */
final class HistoryEntries {

    private HistoryEntries() {}

    /**
     * The commit's changes in the paths selected by {@code paths}, with per-key before/after; null
     * when the query's key is given and the commit did not change it.
     */
    static HistoryEntry describe(RevWalk walk, RevCommit commit, TreeFilter paths, HistoryQuery query)
            throws IOException {
        ObjectReader reader = walk.getObjectReader();
        List<SettingChange> changes = new ArrayList<>();
        List<String> otherPaths = new ArrayList<>();
        try (TreeWalk diff = diffWithFirstParent(walk, commit, paths)) {
            while (diff.next()) {
                String path = diff.getPathString();
                AppEnv appEnv = RepoFile.settingsOwner(path);
                if (appEnv == null
                        || query.app() != null && !query.app().equals(appEnv.app())
                        || query.env() != null && !query.env().equals(appEnv.env())) {
                    otherPaths.add(path);
                    continue;
                }
                Settings before = Blobs.settings(reader, side(diff, 0));
                Settings after = Blobs.settings(reader, side(diff, 1));
                if (before == null || after == null) {
                    otherPaths.add(path);
                }
                for (KeyChange change : keyChanges(before, after)) {
                    if (query.key() == null || query.key().equals(change.key())) {
                        changes.add(new SettingChange(appEnv, change));
                    }
                }
            }
        }
        if (query.key() != null && changes.isEmpty()
                || paths != TreeFilter.ALL && changes.isEmpty() && otherPaths.isEmpty()) {
            return null;
        }
        PersonIdent author = commit.getAuthorIdent();
        return new HistoryEntry(
                new Revision(commit.name()),
                author(author),
                commit.getCommitterIdent().getWhenAsInstant(),
                commit.getFullMessage(),
                changes,
                otherPaths,
                Arrays.stream(commit.getParents())
                        .map(parent -> new Revision(parent.name()))
                        .toList());
    }

    /** The files that differ between the commit's first parent (tree 0) and the commit (tree 1), among {@code paths}. */
    static TreeWalk diffWithFirstParent(RevWalk walk, RevCommit commit, TreeFilter paths) throws IOException {
        TreeWalk diff = new TreeWalk(walk.getObjectReader());
        if (commit.getParentCount() > 0) {
            diff.addTree(walk.parseCommit(commit.getParent(0)).getTree());
        } else {
            diff.addTree(new EmptyTreeIterator());
        }
        diff.addTree(commit.getTree());
        diff.setRecursive(true);
        diff.setFilter(
                paths == TreeFilter.ALL ? TreeFilter.ANY_DIFF : AndTreeFilter.create(paths, TreeFilter.ANY_DIFF));
        return diff;
    }

    /** The blob of one side of the diff's current file, or null when the file does not exist on that side. */
    static ObjectId side(TreeWalk diff, int tree) {
        return diff.getRawMode(tree) == 0 ? null : diff.getObjectId(tree);
    }

    /** A side that cannot be read counts as empty: every key of the other side changed. */
    static List<KeyChange> keyChanges(Settings before, Settings after) {
        return KeyChange.between(before == null ? Settings.EMPTY : before, after == null ? Settings.EMPTY : after);
    }

    /** Authors written by plain Git may break Strata's rules (no e-mail); they are shown as well as possible. */
    static Author author(PersonIdent ident) {
        String name = ident.getName().isBlank() ? "unknown" : ident.getName();
        String email =
                ident.getEmailAddress().contains("@") ? ident.getEmailAddress() : ident.getEmailAddress() + "@unknown";
        try {
            return new Author(name, email);
        } catch (ValidationException e) {
            return new Author("unknown", "unknown@unknown");
        }
    }
}
