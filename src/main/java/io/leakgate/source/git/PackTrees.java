package io.leakgate.source.git;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * Reads trees straight from pack files, keeping every object a delta chain materializes (not
 * only the last base, as JGit's delta-base cache does), so that walking a history's trees, each
 * version a delta of the one read just before, costs one small inflate and one delta per tree
 * instead of re-resolving the chain. Anything it cannot read this way (a loose object, a base
 * in another pack, damage) is read through the JGit reader, which also reports the error. Not
 * thread safe: one per worker.
 */
final class PackTrees implements AutoCloseable {
    private static final int OBJ_TREE = Constants.OBJ_TREE;
    private static final int MAX_OBJECT = 64 << 20;

    private final List<PackFile> packs;
    private final ObjectReader fallback;
    /** Objects resolved lately, by pack and offset. */
    private final ByteBudgetCache<Long, byte[]> cache;
    private final Inflater inflater = new Inflater();
    /** The chain being resolved, from the object asked for down: where each is, its bytes, its sizes. */
    private long[] chain = new long[8];
    private byte[][] raw = new byte[8][];
    private int[] rawLength = new int[8];
    private int[] dataStart = new int[8];
    private int[] size = new int[8];
    private long fallbacks;

    PackTrees(List<PackFile> packs, ObjectReader fallback, long cacheBytes) {
        this.packs = packs;
        this.fallback = fallback;
        this.cache = new ByteBudgetCache<>(cacheBytes, bytes -> bytes.length);
    }

    /** The raw bytes of tree {@code id}. */
    byte[] tree(AnyObjectId id) throws IOException {
        for (int p = 0; p < packs.size(); p++) {
            PackFile pack = packs.get(p);
            long offset = pack.offsetOf(id);
            if (offset >= 0) {
                byte[] bytes;
                try {
                    bytes = load(p, pack, offset);
                } catch (DataFormatException | IOException | RuntimeException e) {
                    bytes = null;
                }
                if (bytes != null) {
                    return bytes;
                }
                break;
            }
        }
        fallbacks++;
        return fallback.open(id, OBJ_TREE).getCachedBytes();
    }

    /** How many trees were read through JGit so far. */
    long fallbacks() {
        return fallbacks;
    }

    /**
     * The tree at {@code offset}, resolved from the nearest cached object or full object below
     * it, every object on the way cached; null when it is not a tree, its chain leaves the pack
     * or an object is too large.
     */
    private byte[] load(int packNo, PackFile pack, long offset) throws IOException, DataFormatException {
        int depth = 0;
        long at = offset;
        byte[] bytes;
        while (true) {
            bytes = cache.get(key(packNo, at));
            if (bytes != null) {
                break;
            }
            if (depth == chain.length) {
                grow();
            }
            PackEntry entry = header(pack, at, depth);
            if (!(entry.type() == OBJ_TREE || entry.isDelta()) || entry.size() > MAX_OBJECT) {
                return null;
            }
            chain[depth] = at;
            if (entry.type() == OBJ_TREE) {
                bytes = inflate(depth);
                cache.put(key(packNo, at), bytes);
                break;
            }
            at = pack.baseOffset(entry);
            depth++;
            if (at < 0 || depth > DeltaChains.MAX_DEPTH || loops(at, depth)) {
                // JGit reads it instead, after DeltaChains has said what is wrong with the chain
                return null;
            }
        }
        for (int d = depth - 1; d >= 0; d--) {
            bytes = Delta.apply(bytes, inflate(d), MAX_OBJECT);
            if (bytes == null) {
                return null;
            }
            cache.put(key(packNo, chain[d]), bytes);
        }
        return bytes;
    }

    /** Whether {@code base} is already on the chain's first {@code depth} levels: a loop no git writes. */
    private boolean loops(long base, int depth) {
        for (int d = depth - 1; d >= 0; d--) {
            if (chain[d] == base) {
                return true;
            }
        }
        return false;
    }

    /** Reads the object at {@code offset} into the chain's level {@code d} and parses its header. */
    private PackEntry header(PackFile pack, long offset, int d) throws IOException {
        long end = pack.endOf(offset);
        if (end < 0 || end - offset > MAX_OBJECT + 4096L) {
            throw new EOFException("no object at offset " + offset);
        }
        int length = (int) (end - offset);
        byte[] b = raw[d];
        if (b == null || b.length < length) {
            b = new byte[Math.max(length, 4096)];
            raw[d] = b;
        }
        pack.read(ByteBuffer.wrap(b, 0, length), offset);
        rawLength[d] = length;
        PackEntry entry = PackEntry.parse(b, 0, length, offset);
        size[d] = (int) Math.min(entry.size(), Integer.MAX_VALUE);
        dataStart[d] = entry.headerLength();
        return entry;
    }

    private void grow() {
        int n = chain.length * 2;
        chain = Arrays.copyOf(chain, n);
        raw = Arrays.copyOf(raw, n);
        rawLength = Arrays.copyOf(rawLength, n);
        dataStart = Arrays.copyOf(dataStart, n);
        size = Arrays.copyOf(size, n);
    }

    /** Inflates level {@code d}'s data: a tree's content or a delta's instructions. */
    private byte[] inflate(int d) throws DataFormatException {
        return PackFile.inflate(inflater, raw[d], dataStart[d], rawLength[d] - dataStart[d], size[d], chain[d]);
    }

    private static long key(int packNo, long offset) {
        return (long) packNo << 40 | offset;
    }

    @Override
    public void close() {
        inflater.end();
    }
}
