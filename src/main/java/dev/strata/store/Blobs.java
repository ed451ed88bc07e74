package dev.strata.store;

import dev.strata.config.Settings;
import java.io.IOException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Reading single files of a tree, for the places that need one file rather than a snapshot. */
final class Blobs {

    private Blobs() {}

    /** The blob at {@code path} in {@code tree}, or null when there is no such file. */
    static ObjectId blobAt(ObjectReader reader, RevTree tree, String path) throws IOException {
        try (TreeWalk walk = TreeWalk.forPath(reader, path, tree)) {
            return walk == null || (walk.getRawMode(0) & 0170000) != 0100000 ? null : walk.getObjectId(0);
        }
    }

    /** An entry of a tree, whatever its kind; equal to another when both its mode and its object are. */
    record Entry(int mode, ObjectId id) {

        boolean isFile() {
            return FileMode.REGULAR_FILE.equals(mode) || FileMode.EXECUTABLE_FILE.equals(mode);
        }
    }

    /** The entry at {@code path} in {@code tree}, or null when there is none. */
    static Entry entryAt(ObjectReader reader, RevTree tree, String path) throws IOException {
        try (TreeWalk walk = TreeWalk.forPath(reader, path, tree)) {
            return walk == null
                    ? null
                    : new Entry(walk.getRawMode(0), walk.getObjectId(0).copy());
        }
    }

    /**
     * The bytes of the file at {@code path} in {@code tree}, or null when there is none or it
     * cannot be loaded: what a new version of the file is written over.
     */
    static byte[] bytesAt(ObjectReader reader, RevTree tree, String path) throws IOException {
        ObjectId blob = blobAt(reader, tree, path);
        try {
            return blob == null ? null : SnapshotReader.load(reader, blob);
        } catch (UnreadableFileException e) {
            return null;
        }
    }

    /**
     * The settings in {@code blob}: empty when there is no blob, null when the file cannot be read.
     */
    static Settings settings(ObjectReader reader, ObjectId blob) {
        if (blob == null) {
            return Settings.EMPTY;
        }
        try {
            return SettingsFile.read(SnapshotReader.load(reader, blob));
        } catch (UnreadableFileException e) {
            return null;
        }
    }
}
