package dev.strata.serving;

import dev.strata.config.NotFoundException;
import dev.strata.config.Revision;
import dev.strata.formats.FileFormat;
import dev.strata.rollouts.Rollouts;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Serves resolved configurations as rendered text with their revision, and decides whether a
 * client's copy (named by the revision in its {@code If-None-Match}) is still current: it is when
 * the configuration of its application and environment did not change since, even if other
 * applications did.
 */
@Service
class ConfigServing {

    private final ConfigResolver resolver;
    private final RenderedConfigs rendered;
    private final Rollouts rollouts;

    ConfigServing(ConfigResolver resolver, RenderedConfigs rendered, Rollouts rollouts) {
        this.resolver = resolver;
        this.rendered = rendered;
        this.rollouts = rollouts;
    }

    /**
     * A rendered configuration at a revision; the body is UTF-8 and never modified. Its ETag is
     * made once, with the body, rather than for each request that gets it.
     */
    /** A rendered configuration with its ETag, also as the bytes of the header's value. */
    record Served(Revision revision, byte[] body, String etag, byte[] etagBytes) {

        Served(Revision revision, byte[] body) {
            this(revision, body, ConfigServlet.etag(revision));
        }

        private Served(Revision revision, byte[] body, String etag) {
            this(revision, body, etag, HeaderBytes.latin1(etag));
        }

        boolean sameBody(Served other) {
            return Arrays.equals(body, other.body);
        }
    }

    void checkScope(String app, String env) {
        resolver.checkScope(app, env);
    }

    /** {@link #checkScope(String, String)}, returning the head it checked against. */
    Revision checkScopeAtHead(String app, String env) {
        return resolver.checkScopeAtHead(app, env);
    }

    void checkScope(String app) {
        resolver.checkScope(app);
    }

    void checkExists(String app, Revision revision) {
        resolver.checkExists(app, revision);
    }

    Revision head() {
        return resolver.head();
    }

    /**
     * The revision the instance named by {@code instance} and {@code labels} (the headers, or null)
     * gets of {@code app} in {@code env} when main is at {@code head}: a rollout's candidate when one
     * selects it, otherwise {@code head}.
     */
    Revision served(String app, String env, String instance, String labels, Revision head) {
        return rollouts.revisionFor(app, env, instance, labels, head);
    }

    Revision served(String app, String env, String instance, String labels) {
        return served(app, env, instance, labels, head());
    }

    /** The past state named by {@code id}, a commit of main (see {@link ConfigResolver#past}). */
    Revision past(String id) {
        return resolver.past(id);
    }

    Served render(String app, String env, FileFormat format, Revision revision) {
        return rendered.get(
                new RenderedConfigs.Key(revision, app, env, format),
                key -> new Served(
                        key.revision(),
                        key.format()
                                .write(resolver.resolve(key.app(), key.env(), key.revision())
                                        .values())
                                .getBytes(StandardCharsets.UTF_8)));
    }

    ResolvedConfig resolve(String app, String env, Revision revision) {
        return resolver.resolve(app, env, revision);
    }

    /** Whether the copy a client has (at {@code theirs}) is the same as {@code current}. */
    boolean unchanged(String app, String env, FileFormat format, Optional<Revision> theirs, Served current) {
        if (theirs.isEmpty()) {
            return false;
        }
        if (theirs.get().equals(current.revision())) {
            return true;
        }
        if (!resolver.onMain(theirs.get())) {
            return false; // comparing with a proposal would tell whether it changes this configuration
        }
        try {
            return render(app, env, format, theirs.get()).sameBody(current);
        } catch (NotFoundException e) {
            return false; // an unknown revision, or one from before the application existed
        }
    }
}
