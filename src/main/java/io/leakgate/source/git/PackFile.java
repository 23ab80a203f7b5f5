package io.leakgate.source.git;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * One pack file opened for reading objects by offset: its index, to find an object, and its
 * objects' offsets in order, to know where each one's compressed data ends. Headers are read
 * with {@link PackEntry}, data inflated with {@link #inflate}, deltas applied with {@link Delta}.
 * Immutable once built; reads are positional, so threads share it.
 */
final class PackFile implements AutoCloseable {
    private static final int TRAILER = 20;

    private final String name;
    private final FileChannel channel;
    private final long length;
    private final PackIndex index;
    private final long[] offsets;

    private PackFile(String name, FileChannel channel, long length, PackIndex index, long[] offsets) {
        this.name = name;
        this.channel = channel;
        this.length = length;
        this.index = index;
        this.offsets = offsets;
    }

    /** The repository's packs that can be read this way; none for a repository without an object directory. */
    static List<PackFile> of(Repository repo) {
        List<PackFile> out = new ArrayList<>();
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

    private static PackFile open(Pack pack) throws IOException {
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
            return new PackFile(pack.getPackFile().getName(), ch, ch.size(), index, Arrays.copyOf(offsets, i));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Closes every pack of {@code packs}. */
    static void closeAll(List<PackFile> packs) {
        packs.forEach(PackFile::close);
    }

    /** The pack file's name, for messages. */
    String name() {
        return name;
    }

    /** The pack file's length in bytes, its trailer included. */
    long length() {
        return length;
    }

    /** The pack's index, in id order. */
    PackIndex index() {
        return index;
    }

    /** How many objects the pack holds. */
    int count() {
        return offsets.length;
    }

    /** Where the {@code rank}-th object in pack order starts. */
    long offsetAt(int rank) {
        return offsets[rank];
    }

    /** The place in pack order of the object starting at {@code offset}; -1 if no object starts there. */
    int rankOf(long offset) {
        int r = Arrays.binarySearch(offsets, offset);
        return r >= 0 ? r : -1;
    }

    /** Where object {@code id} starts in this pack, or -1 if the pack does not hold it. */
    long offsetOf(AnyObjectId id) {
        return index.findOffset(id);
    }

    /** Where the object starting at {@code offset} ends; -1 if no object starts there. */
    long endOf(long offset) {
        int r = rankOf(offset);
        if (r < 0) {
            return -1;
        }
        return endAt(r);
    }

    /** Where the {@code rank}-th object in pack order ends: where the next starts, or the trailer. */
    long endAt(int rank) {
        return rank + 1 < offsets.length ? offsets[rank + 1] : length - TRAILER;
    }

    /** The offset of {@code entry}'s delta base in this pack; -1 if it is not a delta or its base is not here. */
    long baseOffset(PackEntry entry) {
        if (entry.type() == PackEntry.OFS_DELTA) {
            return entry.baseOffset();
        }
        return entry.type() == PackEntry.REF_DELTA ? index.findOffset(entry.baseId()) : -1;
    }

    /**
     * Reads and parses the header of the object at {@code offset}, using {@code scratch} (at
     * least {@link PackEntry#MAX_HEADER} bytes); an offset where no object starts is corrupt.
     */
    PackEntry entry(long offset, byte[] scratch) throws IOException {
        if (offset < PackEntry.FIRST_OBJECT) {
            throw new CorruptPackException("no object starts at offset " + offset + ", before the pack's first object");
        }
        long end = endOf(offset);
        if (end < 0) {
            throw new CorruptPackException("no object starts at offset " + offset);
        }
        int n = (int) Math.max(0, Math.min(PackEntry.MAX_HEADER, end - offset));
        read(ByteBuffer.wrap(scratch, 0, n), offset);
        return PackEntry.parse(scratch, 0, n, offset);
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

    /**
     * Inflates exactly {@code size} bytes from the compressed {@code in[from, from + length)} of
     * the object at {@code offset}: its content, or a delta's instructions. Data that ends
     * sooner is damaged; {@code size} is bounded by the caller, before anything is allocated.
     */
    static byte[] inflate(Inflater inflater, byte[] in, int from, int length, long size, long offset)
            throws DataFormatException {
        if (size < 0 || size > Integer.MAX_VALUE - 16) {
            throw new DataFormatException("the object at offset " + offset + " is too large to hold: " + size + " bytes");
        }
        inflater.reset();
        inflater.setInput(in, from, length);
        int expected = (int) size;
        byte[] out = new byte[expected];
        int done = 0;
        while (done < expected) {
            int n = inflater.inflate(out, done, expected - done);
            if (n == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                throw new DataFormatException("the object at offset " + offset + " inflates to " + done
                        + " bytes, expected " + expected);
            }
            done += n;
        }
        return out;
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
