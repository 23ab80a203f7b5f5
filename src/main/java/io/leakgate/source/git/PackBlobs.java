package io.leakgate.source.git;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.lib.MutableObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdOwnerMap;

/**
 * Reads the wanted blobs of one pack file the way {@code git index-pack} resolves a pack: each
 * object is inflated exactly once, and each delta is applied to its base's bytes while they are
 * in hand, walking every delta tree from its full (non-delta) root. Object-at-a-time readers
 * rebuild a delta chain from a cache that the next chain may already have evicted; here no base
 * is decompressed twice. Delta trees are independent, so they are resolved on several threads
 * (a large tree is split among them as it is walked).
 *
 * <p>Objects this reader cannot handle (a base outside the pack, an object larger than the
 * in-memory limit, damaged data) are handed back so the caller can read them another way.
 */
final class PackBlobs {
    private static final int OBJ_BLOB = 3;
    private static final int OFS_DELTA = 6;
    private static final int REF_DELTA = 7;
    private static final int TRAILER = 20;
    /** Bytes of delta bases a chain of resolving tasks may keep alive on one thread's stack. */
    private static final long PINNED = 128L << 20;

    /** What receives each resolved blob; called from several threads. */
    interface Sink {
        void blob(BlobPlaces blob, byte[] data, int length);

        /** The blob must be read another way (the reason is only for diagnostics). */
        void fallback(BlobPlaces blob, String reason);
    }

    private final FileChannel channel;
    private final long packLength;
    private final int count;
    /** Per object, in offset order. */
    private final long[] offsets;
    private final byte[] types;
    private final long[] sizes;
    private final int[] dataStart;
    private final int[] base;
    private final BlobPlaces[] wanted;
    private int[] childStart;
    private int[] children;
    private boolean[] needed;
    private final long memoryLimit;
    private final ThreadLocal<Reading> reading = ThreadLocal.withInitial(Reading::new);

    private PackBlobs(FileChannel channel, long packLength, int count, long memoryLimit) {
        this.channel = channel;
        this.packLength = packLength;
        this.count = count;
        this.offsets = new long[count];
        this.types = new byte[count];
        this.sizes = new long[count];
        this.dataStart = new int[count];
        this.base = new int[count];
        this.wanted = new BlobPlaces[count];
        this.memoryLimit = memoryLimit;
    }

    /**
     * Resolves every blob of {@code pack} that is in {@code blobs} and not yet claimed, marking
     * each claimed ({@code order = 0}). Returns false, claiming nothing, when the pack cannot be
     * read this way at all; an exception before any blob is resolved also claims nothing.
     */
    static boolean read(Pack pack, ObjectIdOwnerMap<BlobPlaces> blobs, ForkJoinPool pool, long memoryLimit,
            Sink sink) throws IOException {
        PackIndex index = pack.getIndex();
        long n = index.getObjectCount();
        if (n == 0 || n >= (1 << 24)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(pack.getPackFile().toPath(), StandardOpenOption.READ)) {
            long length = ch.size();
            if (length >= (1L << 39)) {
                return false;
            }
            PackBlobs p = new PackBlobs(ch, length, (int) n, memoryLimit);
            p.sink = sink;
            try {
                if (!p.index(index, blobs)) {
                    return false;
                }
                p.readHeaders();
                p.link();
            } catch (RuntimeException e) {
                // a header that runs off the end of the file: damaged, read object by object
                return false;
            }
            // claimed only now: a pack that fails before this point leaves its blobs to the caller
            for (BlobPlaces b : p.wanted) {
                if (b != null) {
                    b.order = 0;
                }
            }
            List<Resolve> roots = new ArrayList<>();
            for (int i = 0; i < p.count; i++) {
                if (p.base[i] < 0 && p.types[i] == OBJ_BLOB && p.needed[i]) {
                    roots.add(p.new Resolve(i, null, 0, 0, 0));
                }
            }
            pool.invoke(new RecursiveAction() {
                @Override
                protected void compute() {
                    invokeAll(roots);
                }
            });
            // Deltas whose chain does not end in a full blob of this pack (a thin pack, damage).
            for (int i = 0; i < p.count; i++) {
                if (p.wanted[i] != null && p.needed[i]) {
                    sink.fallback(p.wanted[i], "not reached from a full object in " + pack.getPackName());
                }
            }
            return true;
        }
    }

    private Sink sink;

    /** Reads the index: offsets in pack order, and which objects are wanted blobs. */
    private boolean index(PackIndex index, ObjectIdOwnerMap<BlobPlaces> blobs) {
        long[] keyed = new long[count];
        BlobPlaces[] byPosition = new BlobPlaces[count];
        MutableObjectId id = new MutableObjectId();
        int pos = 0;
        for (PackIndex.MutableEntry e : index) {
            long off = e.getOffset();
            if (off >= (1L << 39) || pos >= count) {
                return false;
            }
            keyed[pos] = (off << 24) | pos;
            e.copyOidTo(id);
            BlobPlaces b = blobs.get(id);
            if (b != null && b.order != 0) {
                byPosition[pos] = b;
            }
            pos++;
        }
        if (pos != count) {
            return false;
        }
        Arrays.sort(keyed);
        for (int i = 0; i < count; i++) {
            offsets[i] = keyed[i] >>> 24;
            wanted[i] = byPosition[(int) (keyed[i] & 0xFFFFFF)];
        }
        refIndex = index;
        return true;
    }

    private PackIndex refIndex;

    /** One sequential pass over the pack reading each object's header: type, size, base. */
    private void readHeaders() throws IOException {
        ByteBuffer window = ByteBuffer.allocate(1 << 22);
        long windowStart = 0;
        int windowLength = 0;
        byte[] w = window.array();
        ObjectId refBase;
        for (int i = 0; i < count; i++) {
            long off = offsets[i];
            if (off + 64 > windowStart + windowLength && windowStart + windowLength < packLength) {
                window.clear();
                windowStart = off;
                windowLength = readFully(window, off);
            }
            int p = (int) (off - windowStart);
            int c = w[p++] & 0xff;
            int type = (c >> 4) & 7;
            long size = c & 15;
            int shift = 4;
            while ((c & 0x80) != 0) {
                c = w[p++] & 0xff;
                size |= (long) (c & 0x7f) << shift;
                shift += 7;
            }
            types[i] = (byte) type;
            sizes[i] = size;
            base[i] = -1;
            if (type == OFS_DELTA) {
                c = w[p++] & 0xff;
                long back = c & 0x7f;
                while ((c & 0x80) != 0) {
                    c = w[p++] & 0xff;
                    back = ((back + 1) << 7) | (c & 0x7f);
                }
                base[i] = rank(off - back);
            } else if (type == REF_DELTA) {
                refBase = ObjectId.fromRaw(w, p);
                p += 20;
                long baseOffset = refIndex.findOffset(refBase);
                base[i] = baseOffset < 0 ? -2 : rank(baseOffset);
            }
            dataStart[i] = p - (int) (off - windowStart);
        }
    }

    private int readFully(ByteBuffer into, long position) throws IOException {
        int total = 0;
        while (into.hasRemaining()) {
            int n = channel.read(into, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private int rank(long offset) {
        int r = Arrays.binarySearch(offsets, offset);
        return r >= 0 ? r : -2;
    }

    /** Builds the delta trees (children of each base) and marks what leads to a wanted blob. */
    private void link() {
        childStart = new int[count + 1];
        for (int i = 0; i < count; i++) {
            if (base[i] >= 0) {
                childStart[base[i] + 1]++;
            }
        }
        for (int i = 0; i < count; i++) {
            childStart[i + 1] += childStart[i];
        }
        children = new int[childStart[count]];
        int[] fill = Arrays.copyOf(childStart, count);
        for (int i = 0; i < count; i++) {
            if (base[i] >= 0) {
                children[fill[base[i]]++] = i;
            }
        }
        needed = new boolean[count];
        for (int i = 0; i < count; i++) {
            if (wanted[i] == null) {
                continue;
            }
            int at = i;
            int steps = 0;
            while (at >= 0 && !needed[at] && steps++ <= count) {
                needed[at] = true;
                at = base[at];
            }
        }
    }

    /** Per-thread reading state: the compressed-bytes buffer and an inflater. */
    private static final class Reading {
        final Inflater inflater = new Inflater();
        ByteBuffer input = ByteBuffer.allocate(1 << 16);
    }

    /** Inflates object {@code i}'s data: its content, or its delta instructions. */
    private byte[] inflate(int i, int expected) throws IOException, DataFormatException {
        Reading r = reading.get();
        long start = offsets[i] + dataStart[i];
        long end = i + 1 < count ? offsets[i + 1] : packLength - TRAILER;
        long compressed = end - start;
        if (compressed < 0 || compressed > Integer.MAX_VALUE - 16) {
            throw new DataFormatException("bad object extent at offset " + offsets[i]);
        }
        if (r.input.capacity() < compressed) {
            r.input = ByteBuffer.allocate((int) Math.max(compressed, r.input.capacity() * 2L));
        }
        ByteBuffer in = r.input;
        in.clear();
        in.limit((int) compressed);
        while (in.hasRemaining()) {
            int n = channel.read(in, start + in.position());
            if (n < 0) {
                throw new EOFException("pack ends inside the object at offset " + offsets[i]);
            }
        }
        Inflater inf = r.inflater;
        inf.reset();
        inf.setInput(in.array(), 0, (int) compressed);
        byte[] out = new byte[expected];
        int done = 0;
        while (done < expected) {
            int n = inf.inflate(out, done, expected - done);
            if (n == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) {
                throw new DataFormatException("object at offset " + offsets[i] + " inflates to " + done
                        + " bytes, expected " + expected);
            }
            done += n;
        }
        return out;
    }

    /** Resolves one object from its base's bytes (null for a full object) and walks on to its deltas. */
    private final class Resolve extends RecursiveAction {
        private final int object;
        private final byte[] baseBytes;
        private final int depth;
        /** How many deltas lie between {@code object} and its chain's full object. */
        private final int chainDepth;
        /** Bytes that the tasks this one may run inside of keep alive until it returns. */
        private final long held;

        Resolve(int object, byte[] baseBytes, int depth, int chainDepth, long held) {
            this.object = object;
            this.baseBytes = baseBytes;
            this.depth = depth;
            this.chainDepth = chainDepth;
            this.held = held;
        }

        @Override
        protected void compute() {
            int at = object;
            byte[] from = baseBytes;
            int level = depth;
            while (true) {
                byte[] bytes;
                try {
                    bytes = materialize(at, from);
                } catch (IOException | DataFormatException | RuntimeException e) {
                    abandon(at, e.getMessage() != null ? e.getMessage() : e.toString());
                    return;
                }
                if (bytes == null) {
                    abandon(at, "larger than the in-memory limit");
                    return;
                }
                if (chainDepth + level - depth > DeltaChains.MAX_DEPTH) {
                    // no git writes such a chain: left to the object reader, which says so
                    abandon(at, "delta chain deeper than " + DeltaChains.MAX_DEPTH);
                    return;
                }
                if (wanted[at] != null) {
                    needed[at] = false;
                    sink.blob(wanted[at], bytes, bytes.length);
                }
                List<Resolve> forks = null;
                int next = -1;
                for (int k = childStart[at]; k < childStart[at + 1]; k++) {
                    int child = children[k];
                    if (!needed[child]) {
                        continue;
                    }
                    if (next >= 0) {
                        if (forks == null) {
                            forks = new ArrayList<>();
                        }
                        Resolve task = new Resolve(next, bytes, level + 1, chainDepth + level - depth + 1,
                                held + bytes.length);
                        task.fork();
                        forks.add(task);
                    }
                    next = child;
                }
                if (next < 0) {
                    joinAll(forks);
                    return;
                }
                if (forks != null && held + bytes.length > PINNED) {
                    // A chain with a blob forking off at every level would keep every level's bytes
                    // on the stack below: past the budget, finish the forks and go on in this frame.
                    joinAll(forks);
                } else if (forks != null || level > 2000) {
                    // keep the stack shallow: finish this branch here, the others were forked
                    new Resolve(next, bytes, 0, chainDepth + level - depth + 1, held + bytes.length).compute();
                    joinAll(forks);
                    return;
                }
                at = next;
                from = bytes;
                level++;
            }
        }

        private void joinAll(List<Resolve> forks) {
            if (forks != null) {
                for (Resolve f : forks) {
                    f.join();
                }
            }
        }
    }

    private byte[] materialize(int i, byte[] from) throws IOException, DataFormatException {
        if (from == null) {
            if (sizes[i] > memoryLimit) {
                return null;
            }
            return inflate(i, (int) sizes[i]);
        }
        if (sizes[i] > memoryLimit) {
            return null;
        }
        byte[] delta = inflate(i, (int) sizes[i]);
        return Delta.apply(from, delta, memoryLimit);
    }

    /** Hands every wanted blob below {@code i} (and {@code i} itself) back to the caller. */
    private void abandon(int i, String reason) {
        int[] stack = new int[16];
        int top = 0;
        stack[top++] = i;
        while (top > 0) {
            int at = stack[--top];
            if (wanted[at] != null && needed[at]) {
                needed[at] = false;
                sink.fallback(wanted[at], reason);
            }
            needed[at] = false;
            for (int k = childStart[at]; k < childStart[at + 1]; k++) {
                if (top == stack.length) {
                    stack = Arrays.copyOf(stack, stack.length * 2);
                }
                stack[top++] = children[k];
            }
        }
    }
}
