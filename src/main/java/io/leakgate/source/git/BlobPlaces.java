package io.leakgate.source.git;

import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectIdOwnerMap;

/**
 * One blob and the places it was introduced: for each path that ever held it, the oldest
 * commit (the largest walk index) whose tree has it at that path while no parent's does. Stored as pairs
 * of ints (path id, commit index) so a history of millions of such places stays small.
 */
final class BlobPlaces extends ObjectIdOwnerMap.Entry {
    private int[] pairs = new int[2];
    private int count;
    /** Position in read order (pack, offset); set once the walk is done. */
    long order;

    BlobPlaces(AnyObjectId id) {
        super(id);
    }

    /** Records that {@code commit} introduced this blob at {@code path}; keeps the oldest. */
    void add(int path, int commit) {
        for (int i = 0; i < count; i++) {
            if (pairs[2 * i] == path) {
                if (commit > pairs[2 * i + 1]) {
                    pairs[2 * i + 1] = commit;
                }
                return;
            }
        }
        if (2 * count == pairs.length) {
            pairs = java.util.Arrays.copyOf(pairs, pairs.length * 2);
        }
        pairs[2 * count] = path;
        pairs[2 * count + 1] = commit;
        count++;
    }

    int size() {
        return count;
    }

    int path(int i) {
        return pairs[2 * i];
    }

    int commit(int i) {
        return pairs[2 * i + 1];
    }

    /** The place with the oldest commit: where the blob is reported when it is skipped. */
    int first() {
        int best = 0;
        for (int i = 1; i < count; i++) {
            if (pairs[2 * i + 1] > pairs[2 * best + 1]) {
                best = i;
            }
        }
        return best;
    }
}
