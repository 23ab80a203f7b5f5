package io.leakgate.source.git;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Follows an object's delta chain through its pack's headers before JGit resolves it: JGit
 * follows a chain without bound, so a delta that names itself or two that name each other make
 * it loop until the heap is gone. A chain that loops, runs deeper than {@link #MAX_DEPTH} or
 * meets a malformed header ends in a {@link CorruptPackException}. Reads are positional, so
 * threads share one.
 */
final class DeltaChains {
    /** Above any chain git writes ({@code pack-objects} clamps {@code --depth} to 4095). */
    static final int MAX_DEPTH = 10_000;
    static final int OFS_DELTA = 6;
    static final int REF_DELTA = 7;
    /** Type and size (10 bytes at most), then a base's distance (10) or id (20). */
    private static final int HEADER = 32;
    /** What {@code baseOf} returns for an object that has no base in its pack. */
    private static final long NONE = Long.MIN_VALUE;

    private final List<PackLayout> packs;
    /**
     * Per pack, the offsets whose chains were followed to a whole object, with the chain's
     * length from there: trees and blobs are deltas of one another, so most chains end in one
     * already checked, and a history scan asks about every commit and tree it walks.
     */
    private final Map<PackLayout, Map<Long, Integer>> good = new ConcurrentHashMap<>();

    DeltaChains(List<PackLayout> packs) {
        this.packs = packs;
    }

    /** Checks {@code id}'s chain in every pack that holds it; nothing to check for a loose or absent object. */
    void check(AnyObjectId id) throws IOException {
        for (PackLayout pack : packs) {
            long offset = pack.offsetOf(id);
            if (offset >= 0) {
                Map<Long, Integer> known = good.computeIfAbsent(pack, k -> new ConcurrentHashMap<>());
                if (!known.containsKey(offset)) {
                    check(pack, id, offset, known);
                }
            }
        }
    }

    private static void check(PackLayout pack, AnyObjectId id, long offset, Map<Long, Integer> known)
            throws IOException {
        byte[] b = new byte[HEADER];
        Set<Long> seen = null;
        long[] visited = new long[16];
        int count = 0;
        long at = offset;
        int rest = 0;
        for (int depth = 0;; depth++) {
            if (count == visited.length) {
                visited = java.util.Arrays.copyOf(visited, count * 2);
            }
            visited[count++] = at;
            long base = baseOf(pack, at, b, id, offset);
            if (base == NONE) {
                break;
            }
            if (base == at) {
                throw corrupt(pack, id, offset, "the delta at offset " + at + " names itself as its base");
            }
            if (depth >= MAX_DEPTH) {
                throw corrupt(pack, id, offset, "its delta chain is deeper than " + MAX_DEPTH);
            }
            if (depth >= 8) {
                // short chains cannot hide a loop the depth bound would take long to find; long ones are rare
                if (seen == null) {
                    seen = new HashSet<>();
                }
                if (!seen.add(at)) {
                    throw corrupt(pack, id, offset, "its delta chain loops back to offset " + at);
                }
            }
            Integer below = known.get(base);
            if (below != null) {
                if (depth + 1 + below > MAX_DEPTH) {
                    throw corrupt(pack, id, offset, "its delta chain is deeper than " + MAX_DEPTH);
                }
                rest = below + 1;
                break;
            }
            at = base;
        }
        // visited[i] lies (count - 1 - i) steps above the last one visited, which has 'rest' below it.
        for (int i = 0; i < count; i++) {
            known.put(visited[i], count - 1 - i + rest);
        }
    }

    /**
     * The offset of the base of the object at {@code at}: {@link #NONE} for a whole object or a
     * base named by an id this pack does not hold (JGit reports that one as missing).
     */
    private static long baseOf(PackLayout pack, long at, byte[] b, AnyObjectId id, long offset) throws IOException {
        long end = pack.length() - 20;
        int n = (int) Math.min(b.length, end - at);
        if (at < 12) {
            throw corrupt(pack, id, offset, "its delta chain names offset " + at + ", before the pack's first object");
        }
        if (n <= 0) {
            throw corrupt(pack, id, offset, "the pack ends before offset " + at);
        }
        pack.read(java.nio.ByteBuffer.wrap(b, 0, n), at);
        int p = 0;
        int c = b[p++] & 0xff;
        int type = (c >> 4) & 7;
        int shift = 4;
        while ((c & 0x80) != 0) {
            if (p >= n || shift + 7 > 64) {
                throw corrupt(pack, id, offset, "the object header at offset " + at + " does not end");
            }
            c = b[p++] & 0xff;
            shift += 7;
        }
        if (type == OFS_DELTA) {
            if (p >= n) {
                throw corrupt(pack, id, offset, "the delta at offset " + at + " is cut short");
            }
            c = b[p++] & 0xff;
            long back = c & 0x7f;
            while ((c & 0x80) != 0) {
                if (p >= n || back >= (1L << 55)) {
                    throw corrupt(pack, id, offset, "the delta at offset " + at + " has a base distance that does not end");
                }
                c = b[p++] & 0xff;
                back = ((back + 1) << 7) | (c & 0x7f);
            }
            return at - back;
        }
        if (type == REF_DELTA) {
            if (p + Constants.OBJECT_ID_LENGTH > n) {
                throw corrupt(pack, id, offset, "the delta at offset " + at + " is cut short");
            }
            long base = pack.offsetOf(ObjectId.fromRaw(b, p));
            return base < 0 ? NONE : base;
        }
        return NONE;
    }

    private static CorruptPackException corrupt(PackLayout pack, AnyObjectId id, long offset, String what) {
        return new CorruptPackException(pack.name() + ": object " + id.name() + " at offset " + offset + ": " + what);
    }
}
