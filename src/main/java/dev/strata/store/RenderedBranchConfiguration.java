package dev.strata.store;

import dev.strata.RenderedBranchProperties;
import dev.strata.StartupProblem;
import dev.strata.StrataProperties;
import dev.strata.config.RenderedBranch;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The rendered branch as the {@link RenderedBranch} port, when {@code STRATA_RENDER_BRANCH} is set. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${strata.render.branch:}'.isBlank()")
public class RenderedBranchConfiguration {

    @Bean
    public RenderedBranch renderedBranch(GitConfigStore store, RenderedBranchProperties render) {
        return store.renderedBranch(render.branch().strip());
    }

    /**
     * Refuses a render branch that would overwrite another branch: main, a change request's
     * proposal, or the remote branch that main is pushed to (Strata would push main there and the
     * rendering on top of it). Called before the store opens, so that nothing is pushed first.
     *
     * @throws StartupProblem naming the setting to change
     */
    static void refuseClash(RenderedBranchProperties render, StrataProperties.Remote remote) {
        if (render == null || !render.enabled()) {
            return;
        }
        String branch = render.branch().strip();
        String problem = null;
        if (!Repository.isValidRefName(Constants.R_HEADS + branch)) {
            problem = "STRATA_RENDER_BRANCH " + quote(branch) + " is not a valid Git branch name";
        } else if (Constants.R_HEADS.concat(branch).equals(RepositoryLayout.MAIN)) {
            problem = "STRATA_RENDER_BRANCH is main, the branch the configuration itself is kept on";
        } else if (Constants.R_HEADS.concat(branch).startsWith(RepositoryLayout.CHANGE_BRANCHES)) {
            problem = "STRATA_RENDER_BRANCH " + quote(branch)
                    + " is under changes/, where change requests keep their proposals";
        } else if (remote != null
                && remote.url() != null
                && !remote.url().isBlank()
                && branch.equals(remote.branch())) {
            problem = "STRATA_RENDER_BRANCH and STRATA_REMOTE_BRANCH are both " + quote(branch)
                    + ": main is pushed to the remote's " + branch + ", so the rendering would overwrite it";
        }
        if (problem != null) {
            throw new StartupProblem(
                    problem + ".",
                    "Set STRATA_RENDER_BRANCH to a branch of its own, such as rendered,"
                            + " or unset it to turn rendering off.",
                    null);
        }
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }
}
