package dev.strata.config;

import java.util.List;
import java.util.Map;

/**
 * The branch ({@code STRATA_RENDER_BRANCH}) where Strata commits what each commit of main renders
 * to, for tools that sync from Git (Argo CD, Flux). Each of its commits names the commit of main it
 * was rendered from; only Strata writes it, and it travels to the remote with main.
 */
public interface RenderedBranch {

    /** The branch's name, such as {@code rendered}. */
    String name();

    /**
     * The commits of main not rendered yet, oldest first: those after the source of the branch's
     * last commit, along main's first parents. Only main's head when the branch has no commit yet, or
     * its last source is not on main any more (main was rewritten); none when it is up to date.
     */
    List<Revision> pending();

    /** The files of the branch's last commit, path to UTF-8 text; none when it has no commit yet. */
    Map<String, String> files();

    /**
     * Commits {@code files} (path to UTF-8 text, the whole tree) as the rendering of {@code source}.
     *
     * @return false when {@code source}, or a later commit of main, is rendered already (by another
     *         instance on the same remote): nothing was committed
     * @throws RemoteUnavailableException when the remote cannot take the commit now
     */
    boolean commit(Revision source, Map<String, String> files);
}
