package dev.strata.store;

import dev.strata.config.AppEnv;
import dev.strata.config.AppName;
import dev.strata.config.EnvName;
import dev.strata.config.Pipeline;
import dev.strata.config.ReadError;
import dev.strata.config.Schema;
import dev.strata.config.Settings;
import dev.strata.config.ValidationException;

/**
 * What one file of the repository holds once read: the pipeline, a schema, settings, or the reason
 * it could not be read. Files outside the layout are not represented.
 */
sealed interface RepoFile {

    record PipelineFileContent(Pipeline pipeline) implements RepoFile {}

    record SchemaFileContent(AppName app, Schema schema) implements RepoFile {}

    record SettingsFileContent(AppEnv appEnv, Settings settings) implements RepoFile {}

    record Unreadable(ReadError error) implements RepoFile {}

    /** Where a path belongs in the layout, or null when it is not one of Strata's files. */
    static Kind classify(String path) {
        if (path.equals(PipelineFile.PATH)) {
            return Kind.PIPELINE;
        }
        if (!path.endsWith(RepositoryLayout.YAML)) {
            return null;
        }
        if (path.startsWith(RepositoryLayout.SCHEMAS) && path.indexOf('/', RepositoryLayout.SCHEMAS.length()) < 0) {
            return Kind.SCHEMA;
        }
        if (path.startsWith(RepositoryLayout.ENVIRONMENTS)) {
            int slash = path.indexOf('/', RepositoryLayout.ENVIRONMENTS.length());
            if (slash > 0 && path.indexOf('/', slash + 1) < 0) {
                return Kind.SETTINGS;
            }
        }
        return null;
    }

    /** The kinds of files Strata reads. */
    enum Kind {
        PIPELINE,
        SCHEMA,
        SETTINGS
    }

    /** The content of a file, loaded only once its name has been checked. */
    @FunctionalInterface
    interface Content {
        byte[] load() throws UnreadableFileException;
    }

    /** Reads {@code path}, which {@link #classify} placed in the layout; never throws for bad content. */
    static RepoFile read(String path, Kind kind, Content content) {
        AppName app = null;
        EnvName env = null;
        try {
            if (kind == Kind.SCHEMA) {
                app = new AppName(stem(path, RepositoryLayout.SCHEMAS.length()));
            } else if (kind == Kind.SETTINGS) {
                int slash = path.indexOf('/', RepositoryLayout.ENVIRONMENTS.length());
                env = new EnvName(path.substring(RepositoryLayout.ENVIRONMENTS.length(), slash));
                app = new AppName(stem(path, slash + 1));
            }
            return readContent(path, kind, app, env, content);
        } catch (ValidationException e) {
            return new Unreadable(
                    new ReadError(path, app, env, path + ": the file name breaks a naming rule: " + e.getMessage()));
        }
    }

    private static RepoFile readContent(String path, Kind kind, AppName app, EnvName env, Content content) {
        try {
            return switch (kind) {
                case PIPELINE -> new PipelineFileContent(PipelineFile.read(content.load()));
                case SCHEMA -> new SchemaFileContent(app, SchemaFile.read(content.load()));
                case SETTINGS -> new SettingsFileContent(new AppEnv(app, env), SettingsFile.read(content.load()));
            };
        } catch (UnreadableFileException e) {
            return new Unreadable(new ReadError(path, app, env, path + " " + e.getMessage()));
        }
    }

    /**
     * An entry of the tree that Strata does not read, as an error of the application and environment
     * its path names, as far as it names them.
     */
    static RepoFile refused(String path, String message) {
        String[] segments = path.split("/", -1);
        AppName app = owner(path);
        EnvName env = null;
        if (path.startsWith(RepositoryLayout.ENVIRONMENTS) && segments.length > 1) {
            try {
                env = new EnvName(segments[1]);
            } catch (ValidationException e) {
                env = null;
            }
        }
        return new Unreadable(new ReadError(path, app, env, message));
    }

    /** The application and environment of a settings file's path, or null when its names break the rules. */
    static AppEnv settingsOwner(String path) {
        if (classify(path) != Kind.SETTINGS) {
            return null;
        }
        int slash = path.indexOf('/', RepositoryLayout.ENVIRONMENTS.length());
        try {
            return new AppEnv(
                    new AppName(stem(path, slash + 1)),
                    new EnvName(path.substring(RepositoryLayout.ENVIRONMENTS.length(), slash)));
        } catch (ValidationException e) {
            return null;
        }
    }

    /** The application a schema or settings file belongs to, or null for other paths and broken names. */
    static AppName owner(String path) {
        Kind kind = classify(path);
        if (kind == Kind.SCHEMA) {
            try {
                return new AppName(stem(path, RepositoryLayout.SCHEMAS.length()));
            } catch (ValidationException e) {
                return null;
            }
        }
        AppEnv appEnv = settingsOwner(path);
        return appEnv == null ? null : appEnv.app();
    }

    private static String stem(String path, int start) {
        return path.substring(start, path.length() - RepositoryLayout.YAML.length());
    }
}
