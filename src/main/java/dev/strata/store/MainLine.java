package dev.strata.store;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.internal.storage.commitgraph.CommitGraph;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevFlag;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Which commits are on main: its head and the head's ancestors. The repository also holds the
 * proposals of change requests ({@code changes/<id>}), their review records and whatever else a
 * plain git push brings; none of those may be served or shown as a past state of main.
 * <p>
 * A first answer walks main from its head back to the commit asked about. Where the commit-graph
 * has the commits, the walk reads only the graph: parents by position, never going below a commit
 * whose generation is lower than that of the commit asked about. JGit 7.8's own walk reads and
 * inflates every commit object even when the graph has it: in a repository of 100,000 commits, past
 * states 30,000–70,000 commits back took 690–890 ms to show the first time in Chromium, against
 * 475–580 ms with this walk.
 * <p>
 * Answers are remembered: past states ({@code ?at=}, time travel, a comparison, a Spring Cloud Config
 * label) are asked for often, and mostly the same few. When main moves on,
 * the new head is walked back for the old one, at most {@value #FAST_FORWARD_REACH} commits: found, it
 * was a fast-forward, every commit on main is on it still, and only the answers "not on main" are
 * forgotten (a merge may have brought such a commit onto main). Not found (a rewrite, or a fetch of
 * more commits than that), every answer is forgotten.
 */
final class MainLine {

    /** Bounds what naming many different commits can make this remember. */
    private static final int REMEMBERED = 1024;
    /** How many commits back from a new head the old head is looked for. */
    static final int FAST_FORWARD_REACH = 1000;

    private final Repository repository;
    private ObjectId head;
    private final Map<ObjectId, Boolean> answers = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ObjectId, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    MainLine(Repository repository) {
        this.repository = repository;
    }

    /** Whether {@code commit} is {@code mainHead} or one of its ancestors; false for any other object or none. */
    boolean contains(ObjectId mainHead, ObjectId commit) throws IOException {
        if (mainHead.equals(commit)) {
            return true;
        }
        synchronized (answers) {
            if (!mainHead.equals(head)) {
                follow(mainHead);
            }
            Boolean known = answers.get(commit);
            if (known != null) {
                return known;
            }
        }
        boolean found = walk(mainHead, commit);
        synchronized (answers) {
            if (mainHead.equals(head)) {
                answers.put(commit.copy(), found);
            }
        }
        return found;
    }

    /** Moves the remembered answers from the head they were given for to {@code mainHead}. */
    private void follow(ObjectId mainHead) throws IOException {
        if (head != null && reaches(mainHead, head)) {
            answers.values().removeIf(onMain -> !onMain);
        } else {
            answers.clear();
        }
        head = mainHead.copy();
    }

    /** Whether {@code oldHead} is among the {@value #FAST_FORWARD_REACH} newest commits of {@code mainHead}'s history. */
    private boolean reaches(ObjectId mainHead, ObjectId oldHead) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            walk.markStart(walk.parseCommit(mainHead));
            int walked = 0;
            for (RevCommit commit : walk) {
                if (commit.equals(oldHead)) {
                    return true;
                }
                if (++walked == FAST_FORWARD_REACH) {
                    return false;
                }
            }
            return false;
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            return false;
        }
    }

    private boolean walk(ObjectId mainHead, ObjectId commit) throws IOException {
        try (ObjectReader reader = repository.newObjectReader();
                RevWalk walk = new RevWalk(reader)) {
            CommitGraph graph = reader.getCommitGraph().orElse(CommitGraph.EMPTY);
            int target = graph.findGraphPosition(commit);
            if (target < 0) {
                // newer than the graph (only a few commits are), off main's history, or no commit at all
                return walk.isMergedInto(walk.parseCommit(commit), walk.parseCommit(mainHead));
            }
            return reachesInGraph(walk, graph, walk.parseCommit(mainHead), target);
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            return false;
        }
    }

    /**
     * Whether {@code head} reaches the graph's commit at {@code target}: commits newer than the graph
     * are parsed until the walk enters it, then only positions are followed. A commit whose generation
     * is below the target's cannot have it as an ancestor, so the walk does not go below it.
     */
    private static boolean reachesInGraph(RevWalk walk, CommitGraph graph, RevCommit head, int target)
            throws IOException {
        int targetGeneration = graph.getCommitData(target).getGeneration();
        RevFlag parsed = walk.newFlag("parsed");
        BitSet seen = new BitSet();
        Deque<Integer> positions = new ArrayDeque<>();
        Deque<RevCommit> newer = new ArrayDeque<>();
        newer.push(head);
        while (!newer.isEmpty()) {
            RevCommit commit = newer.pop();
            int position = graph.findGraphPosition(commit);
            if (position >= 0) {
                positions.push(position);
                continue;
            }
            walk.parseHeaders(commit);
            for (RevCommit parent : commit.getParents()) {
                if (!parent.has(parsed)) {
                    parent.add(parsed);
                    newer.push(parent);
                }
            }
        }
        while (!positions.isEmpty()) {
            int position = positions.pop();
            if (position == target) {
                return true;
            }
            if (seen.get(position)) {
                continue;
            }
            seen.set(position);
            CommitGraph.CommitData data = graph.getCommitData(position);
            int generation = data.getGeneration();
            if (generation != Constants.COMMIT_GENERATION_NOT_COMPUTED && generation < targetGeneration) {
                continue;
            }
            for (int parent : data.getParents()) {
                if (!seen.get(parent)) {
                    positions.push(parent);
                }
            }
        }
        return false;
    }
}
