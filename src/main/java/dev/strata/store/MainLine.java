package dev.strata.store;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Which commits are on main: its head and the head's ancestors. The repository also holds the
 * proposals of change requests ({@code changes/<id>}), their review records and whatever else a
 * plain git push brings; none of those may be served or shown as a past state of main.
 * <p>
 * Answers are remembered per head of main: past states ({@code ?at=}, a Spring Cloud Config label)
 * are asked for often, and mostly the same few, while each first answer walks main from its head
 * back to the commit asked about. A new head starts afresh: a fast-forward would keep every answer
 * true, but a rewrite would not, and telling the two apart costs a walk as well.
 */
final class MainLine {

    /** Bounds what naming many different commits can make this remember. */
    private static final int REMEMBERED = 1024;

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
                answers.clear();
                head = mainHead.copy();
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

    private boolean walk(ObjectId mainHead, ObjectId commit) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.isMergedInto(walk.parseCommit(commit), walk.parseCommit(mainHead));
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            return false;
        }
    }
}
