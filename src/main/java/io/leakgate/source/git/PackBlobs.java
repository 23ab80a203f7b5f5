package io.leakgate.source.git;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.lib.MutableObjectId;
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
    /** Bytes of delta bases a chain of resolving tasks may keep alive on one thread's stack. */
    private static final long PINNED = 128L << 20;

    /** What receives each resolved blob; called from several threads. */
    interface Sink {
        void blob(BlobPlaces blob, byte[] data, int length);

        /** The blob must be read another way (the reason is only for diagnostics). */
        void fallback(BlobPlaces blob, String reason);
    }

    private final PackFile pack;
    private final int count;
    /** Per object, in offset order. */
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

    private PackBlobs(PackFile pack, long memoryLimit) {
        this.pack = pack;
        this.count = pack.count();
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
    static boolean read(PackFile pack, ObjectIdOwnerMap<BlobPlaces> blobs, ForkJoinPool pool, long memoryLimit,
            Sink sink) throws IOException {
        int n = pack.count();
        if (n == 0 || n >= (1 << 24) || pack.length() >= (1L << 39)) {
            return false;
        }
        PackBlobs p = new PackBlobs(pack, memoryLimit);
        p.sink = sink;
        try {
            if (!p.index(blobs)) {
                return false;
            }
            p.readHeaders();
            p.link();
        } catch (RuntimeException e) {
            // damage no check foresaw: the pack's blobs are read object by object
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
                sink.fallback(p.wanted[i], "not reached from a full object in " + pack.name());
            }
        }
        return true;
    }

    private Sink sink;

    /** Marks which objects, in pack order, are wanted blobs; false if the index names an offset where no object starts. */
    private boolean index(ObjectIdOwnerMap<BlobPlaces> blobs) {
        MutableObjectId id = new MutableObjectId();
        for (PackIndex.MutableEntry e : pack.index()) {
            e.copyOidTo(id);
            BlobPlaces b = blobs.get(id);
            if (b != null && b.order != 0) {
                int r = pack.rankOf(e.getOffset());
                if (r < 0) {
                    return false;
                }
                wanted[r] = b;
            }
        }
        return true;
    }

    /**
     * One sequential pass over the pack reading each object's header: type, size, base. An
     * object whose header is damaged is left unreached, so it and its deltas go to the caller.
     */
    private void readHeaders() throws IOException {
        ByteBuffer window = ByteBuffer.allocate(1 << 22);
        long windowStart = 0;
        int windowLength = 0;
        byte[] w = window.array();
        long packLength = pack.length();
        for (int i = 0; i < count; i++) {
            long off = pack.offsetAt(i);
            if (off + PackEntry.MAX_HEADER > windowStart + windowLength && windowStart + windowLength < packLength) {
                window.clear();
                windowStart = off;
                windowLength = readFully(window, off);
            }
            int p = (int) (off - windowStart);
            long available = Math.min(windowStart + windowLength, pack.endAt(i)) - off;
            base[i] = -1;
            PackEntry entry;
            try {
                entry = PackEntry.parse(w, p, (int) Math.max(0, Math.min(PackEntry.MAX_HEADER, available)), off);
            } catch (CorruptPackException e) {
                types[i] = -1;
                base[i] = -2;
                continue;
            }
            types[i] = (byte) entry.type();
            sizes[i] = entry.size();
            if (entry.isDelta()) {
                long baseOffset = pack.baseOffset(entry);
                base[i] = baseOffset < 0 ? -2 : rank(baseOffset);
            }
            dataStart[i] = entry.headerLength();
        }
    }

    /** Reads into {@code into} from {@code position} as much as it holds or the pack has; returns how much. */
    private int readFully(ByteBuffer into, long position) throws IOException {
        into.limit((int) Math.max(0, Math.min(into.capacity(), pack.length() - position)));
        pack.read(into, position);
        return into.position();
    }

    private int rank(long offset) {
        int r = pack.rankOf(offset);
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
    private byte[] inflate(int i) throws IOException, DataFormatException {
        Reading r = reading.get();
        long start = pack.offsetAt(i) + dataStart[i];
        long compressed = pack.endAt(i) - start;
        if (compressed < 0 || compressed > Integer.MAX_VALUE - 16) {
            throw new DataFormatException("bad object extent at offset " + pack.offsetAt(i));
        }
        if (r.input.capacity() < compressed) {
            r.input = ByteBuffer.allocate((int) Math.max(compressed, r.input.capacity() * 2L));
        }
        ByteBuffer in = r.input;
        in.clear();
        in.limit((int) compressed);
        pack.read(in, start);
        return PackFile.inflate(r.inflater, in.array(), 0, (int) compressed, sizes[i], pack.offsetAt(i));
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
            return inflate(i);
        }
        if (sizes[i] > memoryLimit) {
            return null;
        }
        byte[] delta = inflate(i);
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
