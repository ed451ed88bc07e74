package dev.strata.store;

import dev.strata.config.HistoryQuery;
import dev.strata.config.SettingKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.AndRevFilter;
import org.eclipse.jgit.revwalk.filter.CommitTimeRevFilter;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.filter.ChangedPathTreeFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The filters {@link GitHistory} walks with: each lets through every commit the query may list and
 * as few others as it can tell cheaply; {@link HistoryEntries#describe} has the last word.
 */
final class HistoryFilters {

    private HistoryFilters() {}

    /**
     * The query's filters on commits. Paths are only checked against the changed-path filters
     * here: {@link HistoryEntries#describe} diffs each commit that may have touched them anyway,
     * and a tree filter on the walk would diff it a second time. A key is checked against the keys each
     * commit changed, remembered across queries ({@link ChangedKeys}).
     */
    static RevFilter of(HistoryQuery query, TreeFilter paths, ChangedKeys changedKeys, Repository repository) {
        List<RevFilter> filters = new ArrayList<>();
        if (paths instanceof ChangedPathTreeFilter changedPaths) {
            filters.add(new MayHaveChanged(changedPaths, repository));
        }
        if (query.since() != null) {
            filters.add(CommitTimeRevFilter.after(query.since().minusMillis(1)));
        }
        if (query.until() != null) {
            filters.add(CommitTimeRevFilter.before(query.until()));
        }
        if (query.author() != null) {
            filters.add(new AuthorFilter(query.author()));
        }
        if (query.key() != null) {
            // Without an application the path filters leave most commits in (all of them without an
            // environment either), so the keys of each are found; with one, they leave few, and
            // describing those is cheaper than finding their changed keys first, but keys already
            // known (the background index, earlier queries) still spare a describe.
            filters.add(new MayHaveChangedKey(query.key(), changedKeys, query.app() == null));
        }
        return switch (filters.size()) {
            case 0 -> RevFilter.ALL;
            case 1 -> filters.getFirst();
            default -> AndRevFilter.create(filters);
        };
    }

    /**
     * Commits whose changed-path Bloom filter (in the commit-graph) says they may have changed one
     * of the paths, and, among those that have none (the commit-graph is missing or behind), the
     * commits whose trees show they did ({@link PathIds}: it looks up only the paths, ahead for a
     * batch of commits, much cheaper than the diff {@link HistoryEntries#describe} makes of each
     * commit let through).
     */
    static final class MayHaveChanged extends RevFilter {
        private final ChangedPathTreeFilter paths;
        private final Repository repository;
        private PathIds ids;

        MayHaveChanged(ChangedPathTreeFilter paths, Repository repository) {
            this.paths = paths;
            this.repository = repository;
        }

        @Override
        public boolean include(RevWalk walker, RevCommit commit) throws IOException {
            TreeFilter.MutableBoolean hasFilter = new TreeFilter.MutableBoolean();
            if (!paths.shouldTreeWalk(commit, walker, hasFilter)) {
                return false;
            }
            if (hasFilter.get()) {
                // one commit in a hundred past the filter: describing it is no dearer than looking it up
                return true;
            }
            if (ids == null) {
                ids = new PathIds(repository, walker.getObjectReader(), paths.getPaths());
            }
            return ids.changed(walker, commit);
        }

        /** The tree and the parents are in the commit's headers, or in the commit-graph. */
        @Override
        public boolean requiresCommitBody() {
            return false;
        }

        @Override
        public RevFilter clone() {
            return new MayHaveChanged(paths, repository);
        }
    }

    /**
     * Commits that may have changed the key in some settings file: whether they did in the
     * application and environment a query asks for is for {@link HistoryEntries#describe} to say.
     * A commit whose keys are not known yet is let through, after finding them when {@code find}.
     */
    private static final class MayHaveChangedKey extends RevFilter {
        private final int hash;
        private final ChangedKeys changedKeys;
        private final boolean find;

        MayHaveChangedKey(SettingKey key, ChangedKeys changedKeys, boolean find) {
            this.hash = key.value().hashCode();
            this.changedKeys = changedKeys;
            this.find = find;
        }

        @Override
        public boolean include(RevWalk walker, RevCommit commit) throws IOException {
            int[] hashes = find ? changedKeys.find(walker, commit) : changedKeys.get(commit);
            return hashes == null || Arrays.binarySearch(hashes, hash) >= 0;
        }

        @Override
        public RevFilter clone() {
            return this;
        }
    }

    /** Commits whose author name or e-mail contains the given text, ignoring case. */
    private static final class AuthorFilter extends RevFilter {
        private final String text;

        AuthorFilter(String text) {
            this.text = text.toLowerCase(Locale.ROOT);
        }

        @Override
        public boolean include(RevWalk walker, RevCommit commit) {
            PersonIdent author = commit.getAuthorIdent();
            return author.getName().toLowerCase(Locale.ROOT).contains(text)
                    || author.getEmailAddress().toLowerCase(Locale.ROOT).contains(text);
        }

        @Override
        public RevFilter clone() {
            return this;
        }
    }
}
