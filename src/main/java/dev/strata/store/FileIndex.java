package dev.strata.store;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Strata's files as read, by path, grouped by directory: replacing one file copies only its
 * directory's entries, which keeps a commit's new snapshot cheap in a repository of thousands of files.
 */
final class FileIndex {

    static final FileIndex EMPTY = new FileIndex(Map.of());

    private final Map<String, Map<String, RepoFile>> byDirectory;

    private FileIndex(Map<String, Map<String, RepoFile>> byDirectory) {
        this.byDirectory = byDirectory;
    }

    RepoFile get(String path) {
        return byDirectory.getOrDefault(directory(path), Map.of()).get(path);
    }

    boolean contains(String path) {
        return get(path) != null;
    }

    void forEach(Consumer<RepoFile> action) {
        byDirectory.values().forEach(files -> files.values().forEach(action));
    }

    /** This index with {@code changes} applied; a null value removes the path. */
    FileIndex with(Map<String, RepoFile> changes) {
        if (changes.isEmpty()) {
            return this;
        }
        Map<String, Map<String, RepoFile>> directories = new HashMap<>(byDirectory);
        Map<String, Map<String, RepoFile>> edited = new HashMap<>();
        changes.forEach((path, file) -> {
            Map<String, RepoFile> files = edited.computeIfAbsent(directory(path),
                    d -> new HashMap<>(byDirectory.getOrDefault(d, Map.of())));
            if (file == null) {
                files.remove(path);
            } else {
                files.put(path, file);
            }
        });
        edited.forEach((directory, files) -> directories.put(directory, Collections.unmodifiableMap(files)));
        return new FileIndex(Collections.unmodifiableMap(directories));
    }

    private static String directory(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
