package io.leakgate.source.git;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * One pack file opened for reading objects by offset: its index, to find an object, and its
 * objects' offsets in order, to know where each one's compressed data ends. Immutable once
 * built; reads are positional, so threads share it.
 */
final class PackLayout implements AutoCloseable {
    private static final int TRAILER = 20;

    private final String name;
    private final FileChannel channel;
    private final long length;
    private final PackIndex index;
    private final long[] offsets;

    private PackLayout(String name, FileChannel channel, long length, PackIndex index, long[] offsets) {
        this.name = name;
        this.channel = channel;
        this.length = length;
        this.index = index;
        this.offsets = offsets;
    }

    /** The repository's packs that can be read this way; none for a repository without an object directory. */
    static List<PackLayout> of(Repository repo) {
        List<PackLayout> out = new ArrayList<>();
        if (repo.getObjectDatabase() instanceof ObjectDirectory dir) {
            for (Pack pack : dir.getPacks()) {
                try {
                    out.add(open(pack));
                } catch (IOException | RuntimeException e) {
                    // an unreadable pack: its objects are read through JGit
                }
            }
        }
        return out;
    }

    private static PackLayout open(Pack pack) throws IOException {
        PackIndex index = pack.getIndex();
        long n = index.getObjectCount();
        if (n >= Integer.MAX_VALUE) {
            throw new IOException("too many objects");
        }
        long[] offsets = new long[(int) n];
        int i = 0;
        for (PackIndex.MutableEntry e : index) {
            if (i == offsets.length) {
                throw new IOException("index lists more objects than it counts");
            }
            offsets[i++] = e.getOffset();
        }
        Arrays.sort(offsets, 0, i);
        FileChannel ch = FileChannel.open(pack.getPackFile().toPath(), StandardOpenOption.READ);
        try {
            return new PackLayout(pack.getPackFile().getName(), ch, ch.size(), index, Arrays.copyOf(offsets, i));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The pack file's name, for messages. */
    String name() {
        return name;
    }

    /** The pack file's length in bytes, its trailer included. */
    long length() {
        return length;
    }

    /** Where object {@code id} starts in this pack, or -1 if the pack does not hold it. */
    long offsetOf(AnyObjectId id) {
        return index.findOffset(id);
    }

    /** Where the object starting at {@code offset} ends; -1 if no object starts there. */
    long endOf(long offset) {
        int r = Arrays.binarySearch(offsets, offset);
        if (r < 0) {
            return -1;
        }
        return r + 1 < offsets.length ? offsets[r + 1] : length - TRAILER;
    }

    /** Fills {@code into} from the pack starting at {@code position}. */
    void read(ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                throw new EOFException("pack ends at " + at);
            }
            at += n;
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // read only: nothing was lost
        }
    }
}
