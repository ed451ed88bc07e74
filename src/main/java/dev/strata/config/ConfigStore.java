package dev.strata.config;

import java.util.Map;

/**
 * The configuration repository: read a consistent snapshot at any revision, and change it one
 * commit at a time. Every write names the revision it was based on and succeeds only if what it
 * touches did not change since; nothing is ever partly written.
 */
public interface ConfigStore {

    /** The current revision of the main branch. */
    Revision head();

    /**
     * Calls {@code listener} each time this store moves a ref: its own commits, change requests and
     * what it fetches from a remote. It runs on the thread that moved the ref, so it must only pass
     * the news on, and never throw. A push into the repository with plain git is not reported until
     * {@link #head()} is read.
     */
    void whenRefsMove(Runnable listener);

    /** Everything at the current head. Cheap when the head has not moved. */
    ConfigSnapshot snapshot();

    /**
     * Everything at {@code revision}.
     *
     * @throws NotFoundException when the repository has no such commit
     */
    ConfigSnapshot snapshot(Revision revision);

    /**
     * Commits {@code changes} as one commit authored by its author. If the branch moved since
     * {@code changes.base()} and others changed other keys, the change is re-applied on the new head.
     *
     * @throws ConflictException   when a touched key changed since the base
     * @throws ValidationException when a value does not fit the schema, or the settings file cannot be read
     * @throws NotFoundException   when the application, environment or base revision does not exist
     */
    CommitResult commit(ChangeSet changes);

    /**
     * Creates an application by writing its schema.
     *
     * @return the new head
     * @throws AlreadyExistsException when the application already has a schema or settings
     */
    Revision createApplication(AppName app, Schema schema, Author author, String message);

    /**
     * Replaces the schema of an existing application.
     *
     * @param base the revision the new schema was based on
     * @return the new head
     * @throws ConflictException when the schema changed since {@code base}
     * @throws NotFoundException when the application does not exist
     */
    Revision saveSchema(AppName app, Schema schema, Author author, String message, Revision base);

    /**
     * Replaces the environment policies of {@code strata.yaml}.
     *
     * @param base the revision the new pipeline was based on
     * @return the new head
     * @throws ConflictException when strata.yaml changed since {@code base}
     */
    Revision savePipeline(Pipeline pipeline, Author author, String message, Revision base);

    /**
     * Replaces whole files in one commit: the schemas of existing applications and the settings of
     * applications in environments of the pipeline. For changes that must land together or not at
     * all, such as marking a key secret with its values sealed, or re-encrypting every secret.
     *
     * @param base the revision the files were computed from
     * @return the new head, or the current one when nothing changes
     * @throws ConflictException when one of the files changed since {@code base}
     * @throws NotFoundException when an application, environment or the base revision does not exist
     */
    Revision replace(
            Map<AppName, Schema> schemas, Map<AppEnv, Settings> settings, Author author, String message, Revision base);

    /**
     * Gives the settings file of {@code target} back the content it had before {@code revision},
     * byte for byte and without reading either version: the revert of a commit that left the file
     * unreadable, which no key-by-key revert can undo.
     *
     * @return the new head
     * @throws ConflictException   when the file changed again since {@code revision}
     * @throws ValidationException when {@code revision} did not change the file, or it could not be read before either
     * @throws NotFoundException   when the repository has no such commit
     */
    Revision restoreSettingsFile(AppEnv target, Revision revision, Author author, String message);
}
