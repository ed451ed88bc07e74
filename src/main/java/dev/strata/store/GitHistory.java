package dev.strata.store;

import dev.strata.config.AppEnv;
import dev.strata.config.AppName;
import dev.strata.config.BlameEntry;
import dev.strata.config.HistoryEntry;
import dev.strata.config.HistoryPage;
import dev.strata.config.HistoryQuery;
import dev.strata.config.LastChange;
import dev.strata.config.NotFoundException;
import dev.strata.config.Revision;
import dev.strata.config.SettingChange;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import dev.strata.config.ValidationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.ChangedPathTreeFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * History queries on the main branch. A query on a file, a directory or an application's key walks
 * only the commits that touched the paths involved ({@link ChangedPathTreeFilter}, which uses the
 * commit-graph's changed-path Bloom filters once {@code maintain()} or {@link HistoryIndexing} wrote
 * them), reads the key diff of each such commit against its first parent, and stops as soon as the
 * page is full. A query on a key checks each commit against the keys it changed ({@link ChangedKeys},
 * remembered across queries and filled in the background) before reading its diff; the filters are
 * in {@link HistoryFilters}.
 */
final class GitHistory {

    private static final char CURSOR_SEPARATOR = '.';
    /** Git's shortest abbreviation is 4 digits. */
    private static final Pattern ABBREVIATION = Pattern.compile("[0-9a-f]{4,40}");

    private final Repository repository;
    private final MainLine mainLine;
    private final ChangedKeys changedKeys;

    GitHistory(Repository repository, MainLine mainLine) {
        this.repository = repository;
        this.mainLine = mainLine;
        this.changedKeys = ChangedKeys.load(
                repository.getDirectory() == null
                        ? null
                        : repository.getDirectory().toPath().resolve(ChangedKeys.FILE));
    }

    /** The keys each commit changed, as far as known: what the background indexing fills. */
    ChangedKeys changedKeys() {
        return changedKeys;
    }

    HistoryPage page(ObjectId head, HistoryQuery query, Collection<String> appPaths) throws IOException {
        ObjectId start = head;
        ObjectId after = null;
        if (query.cursor() != null) {
            int separator = query.cursor().indexOf(CURSOR_SEPARATOR);
            try {
                start = ObjectId.fromString(query.cursor().substring(0, separator));
                after = ObjectId.fromString(query.cursor().substring(separator + 1));
            } catch (StringIndexOutOfBoundsException | IllegalArgumentException e) {
                throw notHandedOut();
            }
        }
        TreeFilter paths =
                appPaths.isEmpty() ? TreeFilter.ALL : ChangedPathTreeFilter.create(appPaths.toArray(String[]::new));
        List<HistoryEntry> entries = new ArrayList<>();
        RevCommit last = null;
        boolean skipping = after != null;
        try (RevWalk walk = new RevWalk(repository)) {
            walk.setRewriteParents(false);
            walk.setRevFilter(HistoryFilters.of(query, paths, changedKeys, repository));
            markStart(walk, start, query.cursor() != null);
            for (RevCommit commit : walk) {
                if (skipping) {
                    // the page before ended on a commit this query lists, or the cursor is not this query's
                    if (commit.equals(after) && HistoryEntries.describe(walk, commit, paths, query) == null) {
                        throw notHandedOut();
                    }
                    skipping = !commit.equals(after);
                    continue;
                }
                HistoryEntry entry = HistoryEntries.describe(walk, commit, paths, query);
                if (entry != null) {
                    entries.add(entry);
                    last = commit;
                    if (entries.size() == query.limit()) {
                        break;
                    }
                }
            }
        }
        if (skipping) {
            throw notHandedOut();
        }
        String next = entries.size() == query.limit() ? start.name() + CURSOR_SEPARATOR + last.name() : null;
        return new HistoryPage(entries, next);
    }

    /** A cursor names commits of this repository, and the page it continues ended on one this query walks. */
    private static ValidationException notHandedOut() {
        return new ValidationException(
                "cursor", "the cursor is not one this server handed out for this query;" + " start again without it");
    }

    private static void markStart(RevWalk walk, ObjectId start, boolean fromCursor) throws IOException {
        try {
            walk.markStart(walk.parseCommit(start));
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            if (fromCursor) {
                throw notHandedOut();
            }
            throw e;
        }
    }

    HistoryEntry entry(ObjectId commitId) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(commitId);
            return HistoryEntries.describe(walk, commit, TreeFilter.ALL, HistoryQuery.latest(1));
        }
    }

    /**
     * The commit reachable from {@code head} whose id starts with {@code prefix}. Other objects and
     * commits off main's history (a change request's proposal, a commit a rewrite dropped) are
     * passed over, as {@code git rev-parse} on main's history would. Whether a commit is on main is
     * {@link MainLine}'s answer, which it remembers: a page that names an old commit resolves it on
     * every load.
     */
    Revision resolve(ObjectId head, String prefix) throws IOException {
        String digits = prefix == null ? "" : prefix.strip().toLowerCase(Locale.ROOT);
        if (!ABBREVIATION.matcher(digits).matches()) {
            throw new ValidationException(
                    "revision",
                    "a revision is 4 to 40 hexadecimal digits of a commit id, not '"
                            + (digits.length() > 40 ? digits.substring(0, 40) + "…" : digits) + "'");
        }
        List<RevCommit> matches = new ArrayList<>();
        try (ObjectReader reader = repository.newObjectReader();
                RevWalk walk = new RevWalk(reader)) {
            for (ObjectId candidate : reader.resolve(AbbreviatedObjectId.fromString(digits))) {
                // a complete id comes back as it is, whether or not the repository has it
                if (reader.has(candidate)
                        && walk.parseAny(candidate) instanceof RevCommit commit
                        && mainLine.contains(head, commit)) {
                    matches.add(commit);
                }
            }
        }
        if (matches.isEmpty()) {
            throw new NotFoundException("'" + digits + "' is not a commit of the main branch");
        }
        if (matches.size() > 1) {
            throw new ValidationException(
                    "revision",
                    "'" + digits + "' is the start of " + matches.size() + " commits ("
                            + String.join(
                                    ", ",
                                    matches.stream()
                                            .map(commit -> commit.name().substring(0, Math.max(digits.length() + 2, 7)))
                                            .sorted()
                                            .toList())
                            + "); give more digits");
        }
        return new Revision(matches.getFirst().name());
    }

    /** Walks the file's history back until every current key has found the commit that last changed it. */
    List<BlameEntry> blame(ObjectId head, AppEnv appEnv, Settings current) throws IOException {
        Map<SettingKey, BlameEntry> found = new LinkedHashMap<>();
        String path = RepositoryLayout.settings(appEnv);
        ChangedPathTreeFilter file = ChangedPathTreeFilter.create(path);
        try (RevWalk walk = new RevWalk(repository)) {
            walk.setRewriteParents(false);
            walk.setRevFilter(new HistoryFilters.MayHaveChanged(file, repository));
            walk.markStart(walk.parseCommit(head));
            for (RevCommit commit : walk) {
                if (found.size() == current.size()) {
                    break;
                }
                HistoryEntry entry = HistoryEntries.describe(walk, commit, file, HistoryQuery.latest(1));
                for (SettingChange change : entry == null ? List.<SettingChange>of() : entry.changes()) {
                    SettingKey key = change.change().key();
                    if (change.appEnv().equals(appEnv)
                            && current.values().containsKey(key)
                            && !found.containsKey(key)) {
                        found.put(
                                key,
                                new BlameEntry(
                                        key,
                                        current.values().get(key),
                                        new HistoryEntry(
                                                entry.revision(),
                                                entry.author(),
                                                entry.time(),
                                                entry.message(),
                                                List.of(change),
                                                List.of(),
                                                entry.parents())));
                    }
                }
            }
        }
        return found.values().stream()
                .sorted((a, b) -> a.key().compareTo(b.key()))
                .toList();
    }

    /**
     * Finds the keys changed by the newest commits, as many as {@link ChangedKeys} holds, and saves
     * them, so that key queries after maintenance and after a restart find those commits known.
     * Oldest first, so that the newest are the last to be dropped.
     */
    void rememberChangedKeys(ObjectId head) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            walk.setRetainBody(false);
            walk.markStart(walk.parseCommit(head));
            List<RevCommit> newest = new ArrayList<>();
            for (RevCommit commit : walk) {
                if (newest.size() == ChangedKeys.CAPACITY) {
                    break;
                }
                newest.add(commit);
            }
            for (RevCommit commit : newest.reversed()) {
                changedKeys.find(walk, commit);
            }
        }
        changedKeys.save();
    }

    /**
     * Walks at most {@code commits} commits from {@code head}, newest first, comparing only tree
     * entries (no file is read), and keeps for each application the first commit that touched it.
     */
    Map<AppName, LastChange> lastChanges(ObjectId head, int commits) throws IOException {
        Map<AppName, LastChange> last = new LinkedHashMap<>();
        try (RevWalk walk = new RevWalk(repository);
                TreeWalk diff = new TreeWalk(repository)) {
            walk.markStart(walk.parseCommit(head));
            diff.setRecursive(true);
            diff.setFilter(TreeFilter.ANY_DIFF);
            int seen = 0;
            for (RevCommit commit : walk) {
                if (++seen > commits) {
                    break;
                }
                noteLastChanges(walk, diff, commit, last);
            }
        }
        return last;
    }

    /**
     * As {@link #lastChanges(ObjectId, int)} for the commits {@code to} has and {@code from} has not: what
     * {@code git rev-list from..to} lists. Empty when {@code from} is no ancestor of {@code to} (main was
     * rewritten, or the repository lost it) or more than {@code commits} commits lie between: then only
     * the walk from the head answers.
     */
    Optional<Map<AppName, LastChange>> lastChanges(ObjectId from, ObjectId to, int commits) throws IOException {
        Map<AppName, LastChange> last = new LinkedHashMap<>();
        if (from.equals(to)) {
            return Optional.of(last);
        }
        try (RevWalk walk = new RevWalk(repository);
                TreeWalk diff = new TreeWalk(repository)) {
            RevCommit since;
            try {
                since = walk.parseCommit(from);
            } catch (MissingObjectException | IncorrectObjectTypeException e) {
                return Optional.empty();
            }
            walk.markStart(walk.parseCommit(to));
            walk.markUninteresting(since);
            diff.setRecursive(true);
            diff.setFilter(TreeFilter.ANY_DIFF);
            // from is an ancestor of to exactly when one of the commits between is its child
            boolean descends = false;
            int seen = 0;
            for (RevCommit commit : walk) {
                if (++seen > commits) {
                    return Optional.empty();
                }
                for (RevCommit parent : commit.getParents()) {
                    descends |= parent.equals(since);
                }
                noteLastChanges(walk, diff, commit, last);
            }
            return descends ? Optional.of(last) : Optional.empty();
        }
    }

    /** Notes {@code commit} as the last change of each application it touched that has none yet. */
    private static void noteLastChanges(RevWalk walk, TreeWalk diff, RevCommit commit, Map<AppName, LastChange> last)
            throws IOException {
        diff.reset();
        if (commit.getParentCount() > 0) {
            diff.addTree(walk.parseCommit(commit.getParent(0)).getTree());
        } else {
            diff.addTree(new EmptyTreeIterator());
        }
        diff.addTree(commit.getTree());
        while (diff.next()) {
            AppName app = RepoFile.owner(diff.getPathString());
            if (app != null && !last.containsKey(app)) {
                last.put(
                        app,
                        new LastChange(
                                new Revision(commit.name()),
                                HistoryEntries.author(commit.getAuthorIdent()),
                                commit.getAuthorIdent().getWhenAsInstant(),
                                commit.getShortMessage()));
            }
        }
    }
}
