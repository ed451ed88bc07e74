package dev.strata.store;

import java.io.IOException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;

/** Commits of an empty tree, written object by object: histories of any shape, for tests about the commits alone. */
final class EmptyCommits implements AutoCloseable {

    private final ObjectInserter inserter;
    private final ObjectId tree;
    private int made;

    EmptyCommits(Repository repository) throws IOException {
        inserter = repository.newObjectInserter();
        tree = inserter.insert(new TreeFormatter());
        inserter.flush();
    }

    /** The empty tree every commit has, which is no commit. */
    ObjectId tree() {
        return tree;
    }

    /** A new commit with {@code parents} (none for a root), numbered in its message. */
    ObjectId commit(ObjectId... parents) throws IOException {
        var commit = new CommitBuilder();
        commit.setTreeId(tree);
        commit.setParentIds(parents);
        var person = new PersonIdent("Alice Liddell", "alice@example.com");
        commit.setAuthor(person);
        commit.setCommitter(person);
        commit.setMessage("Commit " + ++made + "\n");
        ObjectId id = inserter.insert(commit);
        inserter.flush();
        return id;
    }

    @Override
    public void close() {
        inserter.close();
    }
}
