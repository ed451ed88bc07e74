package dev.strata.store;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Strata's files as read, by path, in {@value #SHARDS} groups by the hash of their path: replacing
 * one file copies only its group and the map of groups, which keeps a commit's new snapshot cheap
 * in a repository of thousands of files (each environment holds one file per application).
 */
final class FileIndex {

    static final FileIndex EMPTY = new FileIndex(Map.of());

    private static final int SHARDS = 64;

    private final Map<Integer, Map<String, RepoFile>> groups;

    private FileIndex(Map<Integer, Map<String, RepoFile>> groups) {
        this.groups = groups;
    }

    RepoFile get(String path) {
        return groups.getOrDefault(group(path), Map.of()).get(path);
    }

    boolean contains(String path) {
        return get(path) != null;
    }

    void forEach(Consumer<RepoFile> action) {
        groups.values().forEach(files -> files.values().forEach(action));
    }

    /** This index with {@code changes} applied; a null value removes the path. */
    FileIndex with(Map<String, RepoFile> changes) {
        if (changes.isEmpty()) {
            return this;
        }
        Map<Integer, Map<String, RepoFile>> copy = new HashMap<>(groups);
        Map<Integer, Map<String, RepoFile>> edited = new HashMap<>();
        changes.forEach((path, file) -> {
            Map<String, RepoFile> files =
                    edited.computeIfAbsent(group(path), d -> new HashMap<>(groups.getOrDefault(d, Map.of())));
            if (file == null) {
                files.remove(path);
            } else {
                files.put(path, file);
            }
        });
        edited.forEach((group, files) -> copy.put(group, Collections.unmodifiableMap(files)));
        return new FileIndex(Collections.unmodifiableMap(copy));
    }

    private static int group(String path) {
        return Math.floorMod(path.hashCode(), SHARDS);
    }
}
