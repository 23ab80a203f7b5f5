package io.leakgate.source.git;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.lib.AnyObjectId;

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
    /** What {@code baseOf} returns for an object that has no base in its pack. */
    private static final long NONE = Long.MIN_VALUE;

    private final List<PackFile> packs;
    /**
     * Per pack, the offsets whose chains were followed to a whole object, with the chain's
     * length from there: trees and blobs are deltas of one another, so most chains end in one
     * already checked, and a history scan asks about every commit and tree it walks.
     */
    private final Map<PackFile, Map<Long, Integer>> good = new ConcurrentHashMap<>();

    DeltaChains(List<PackFile> packs) {
        this.packs = packs;
    }

    /** Checks {@code id}'s chain in every pack that holds it; nothing to check for a loose or absent object. */
    void check(AnyObjectId id) throws IOException {
        for (PackFile pack : packs) {
            long offset = pack.offsetOf(id);
            if (offset >= 0) {
                Map<Long, Integer> known = good.computeIfAbsent(pack, k -> new ConcurrentHashMap<>());
                if (!known.containsKey(offset)) {
                    check(pack, id, offset, known);
                }
            }
        }
    }

    private static void check(PackFile pack, AnyObjectId id, long offset, Map<Long, Integer> known)
            throws IOException {
        byte[] b = new byte[PackEntry.MAX_HEADER];
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
                // a REF delta naming its own id: an OFS delta that does is caught by its parser
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
    private static long baseOf(PackFile pack, long at, byte[] b, AnyObjectId id, long offset) throws IOException {
        PackEntry entry;
        try {
            entry = pack.entry(at, b);
        } catch (CorruptPackException e) {
            throw corrupt(pack, id, offset, at == offset ? e.getMessage() : "its delta chain goes on to offset " + at + ": " + e.getMessage());
        }
        long base = pack.baseOffset(entry);
        return base < 0 ? NONE : base;
    }

    private static CorruptPackException corrupt(PackFile pack, AnyObjectId id, long offset, String what) {
        return new CorruptPackException(pack.name() + ": object " + id.name() + " at offset " + offset + ": " + what);
    }
}
