package dev.strata.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The audit trail: what changed, when, by whom and why. The Git history is the record; this reads it.
 */
public interface ConfigHistory {

    /** Commits matching {@code query}, newest first. */
    HistoryPage history(HistoryQuery query);

    /**
     * One commit of main with its key diff.
     *
     * @throws NotFoundException when main has no such commit (see {@link #onMain})
     */
    HistoryEntry commit(Revision revision);

    /**
     * Whether {@code revision} is the head of main or one of its ancestors: the only commits whose
     * state is served or shown as history. The proposal of an open change request is not, nor is a
     * revision the repository does not have.
     */
    boolean onMain(Revision revision);

    /**
     * The answer for a revision that is not on main: the same whether the repository has such a
     * commit or not, so that asking reveals nothing about proposals.
     */
    static NotFoundException notOnMain(Revision revision) {
        return new NotFoundException("There is no revision " + revision.id() + " in the history of main.");
    }

    /**
     * The commit of the main branch's history whose id starts with {@code prefix}, as {@code git rev-parse}
     * resolves an abbreviation: 4 to 40 hexadecimal digits, in either case.
     *
     * @throws ValidationException when {@code prefix} is not such digits, or when several commits of main start with it
     * @throws NotFoundException   when no commit of main starts with it
     */
    Revision resolve(String prefix);

    /**
     * Every rewrite of the main branch noticed so far, newest first: each time main moved to a
     * commit that does not contain the head seen before it. Kept across restarts, and noticed at
     * start-up too when main was rewritten while Strata was down.
     */
    List<HistoryRewrite> rewrites();

    /** For each key of {@code app} in {@code env} at the head, the commit that last changed it, sorted by key. */
    List<BlameEntry> blame(AppName app, EnvName env);

    /**
     * How the settings of {@code app} in {@code env} differ from {@code from} to {@code to}.
     *
     * @throws NotFoundException when either revision does not exist
     */
    List<KeyChange> diff(Revision from, Revision to, AppName app, EnvName env);

    /**
     * For each application changed within the newest {@code commits} commits of the main branch,
     * the newest commit that changed it; applications changed only before are absent.
     */
    Map<AppName, LastChange> lastChanges(int commits);

    /**
     * For each application changed by the commits of main after {@code from} up to {@code to}, the newest
     * commit that changed it: what {@link #lastChanges(int)} at {@code to} adds to it at {@code from}. Empty
     * when {@code from} is not an ancestor of {@code to} (main was rewritten) or more than {@code commits}
     * commits lie between, which only {@link #lastChanges(int)} answers.
     */
    Optional<Map<AppName, LastChange>> lastChanges(Revision from, Revision to, int commits);
}
