package dev.strata.config;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A file in the repository that could not be read; it affects only what it holds.
 *
 * @param path    the file, relative to the repository root
 * @param app     the application it belongs to, or null
 * @param env     the environment it belongs to, or null
 * @param message what is wrong with it, without its content
 */
public record ReadError(
        String path, @Nullable AppName app, @Nullable EnvName env, String message) {

    public ReadError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }
}
