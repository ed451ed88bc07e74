package dev.strata.store;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.internal.storage.pack.PackExt;
import org.eclipse.jgit.internal.storage.pack.PackWriter;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.pack.PackConfig;

/**
 * Keeps the number of packs small as every commit adds one ({@link CommitPack}): every object
 * lookup that misses a pack tries the next, so reads slow down with each pack. Every
 * {@value #PACK_LIMIT} commits, the small packs are merged into one, geometrically (a pack is merged
 * when it holds fewer than twice the objects of all smaller packs together), so that each object is
 * copied only a logarithmic number of times; the large pack of the last full gc is left alone.
 *
 * <p>The merged pack is written, fsynced and renamed into place before the packs it replaces are
 * deleted, so every object stays readable throughout, by this process and by plain {@code git}.
 * Packs with a {@code .keep} file (a {@code git push} in progress) are not touched.
 */
final class PackConsolidation {

    static final int PACK_LIMIT = 16;

    private PackConsolidation() {}

    /** Merges the small packs into one; returns how many packs it replaced (0 when none needed merging). */
    static int consolidate(FileRepository repository) throws IOException {
        ObjectDirectory objects = repository.getObjectDatabase();
        List<Pack> merged = smallPacks(objects.getPacks());
        if (merged.size() < 2) {
            return 0;
        }
        Path temporaryPack = Files.createTempFile(objects.getDirectory().toPath(), "consolidate_", ".pack");
        Path temporaryIndex = temporaryPack.resolveSibling(temporaryPack.getFileName() + ".idx");
        try (ObjectReader reader = repository.newObjectReader();
                RevWalk walk = new RevWalk(reader)) {
            Set<RevObject> contents = new LinkedHashSet<>();
            for (Pack pack : merged) {
                for (PackIndex.MutableEntry entry : pack) {
                    ObjectId id = entry.toObjectId();
                    contents.add(walk.lookupAny(id, reader.open(id).getType()));
                }
            }
            PackConfig config = new PackConfig(repository);
            config.setDeltaCompress(false);
            config.setBuildBitmaps(false);
            ObjectId name;
            try (PackWriter writer = new PackWriter(config, reader)) {
                writer.preparePack(contents.iterator());
                writeDurably(
                        temporaryPack,
                        out -> writer.writePack(NullProgressMonitor.INSTANCE, NullProgressMonitor.INSTANCE, out));
                writeDurably(temporaryIndex, writer::writeIndex);
                name = writer.computeName();
            }
            temporaryPack.toFile().setReadOnly();
            temporaryIndex.toFile().setReadOnly();
            File packDirectory = objects.getPackDirectory();
            Path pack = packDirectory.toPath().resolve("pack-" + name.name() + "." + PackExt.PACK.getExtension());
            Path index = packDirectory.toPath().resolve("pack-" + name.name() + "." + PackExt.INDEX.getExtension());
            // The index last: a pack is found through its index, and must be complete when it is.
            Files.move(temporaryPack, pack, StandardCopyOption.ATOMIC_MOVE);
            Files.move(temporaryIndex, index, StandardCopyOption.ATOMIC_MOVE);
            objects.openPack(pack.toFile());
            for (Pack old : merged) {
                if (!old.getPackFile().getId().equals(name.name())) {
                    delete(old);
                }
            }
            return merged.size();
        } finally {
            Files.deleteIfExists(temporaryPack);
            Files.deleteIfExists(temporaryIndex);
        }
    }

    /**
     * The packs to merge: of those written after the last full gc's pack (the newest with a
     * reachability bitmap, which gc writes and commits do not), sorted by size, the longest run of
     * small ones such that the next larger pack is at least twice as large as all of them together.
     * Older packs are left to gc: it keeps the packs it repacked for a while, for readers that may
     * still use them, and merging those copies of its objects would undo its work.
     */
    private static List<Pack> smallPacks(Iterable<Pack> packs) throws IOException {
        List<Pack> candidates = new ArrayList<>();
        FileTime lastGc = null;
        for (Pack pack : packs) {
            if (Files.exists(pack.getPackFile().create(PackExt.BITMAP_INDEX).toPath())
                    && (lastGc == null || modified(pack).compareTo(lastGc) > 0)) {
                lastGc = modified(pack);
            }
        }
        for (Pack pack : packs) {
            if (!pack.shouldBeKept() && (lastGc == null || modified(pack).compareTo(lastGc) > 0)) {
                candidates.add(pack);
            }
        }
        candidates.sort(Comparator.comparingLong(PackConsolidation::objectCount));
        int merge = 0;
        long smaller = 0;
        for (int i = 0; i < candidates.size(); i++) {
            long count = objectCount(candidates.get(i));
            if (i > 0 && count < 2 * smaller) {
                merge = i + 1;
            }
            smaller += count;
        }
        return candidates.subList(0, merge);
    }

    private static FileTime modified(Pack pack) throws IOException {
        return Files.getLastModifiedTime(pack.getPackFile().toPath());
    }

    private static long objectCount(Pack pack) {
        try {
            return pack.getIndex().getObjectCount();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    @FunctionalInterface
    private interface Writing {
        void to(FileOutputStream out) throws IOException;
    }

    private static void writeDurably(Path file, Writing writing) throws IOException {
        try (FileOutputStream out = new FileOutputStream(file.toFile())) {
            writing.to(out);
            out.getChannel().force(true);
        }
    }

    /**
     * Deletes a merged pack, its data file first, as {@code git repack} does. The pack stays open
     * in JGit, its index in memory (loaded when the packs were sorted), so a lookup that still
     * finds it there reads on, or finds the file gone and looks in the other packs; JGit drops
     * it at its next scan of the directory.
     */
    private static void delete(Pack pack) throws IOException {
        Files.deleteIfExists(pack.getPackFile().toPath());
        for (PackExt ext : PackExt.values()) {
            if (ext != PackExt.PACK && ext != PackExt.KEEP) {
                Files.deleteIfExists(pack.getPackFile().create(ext).toPath());
            }
        }
    }
}
