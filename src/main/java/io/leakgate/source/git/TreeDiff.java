package io.leakgate.source.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.MutableObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdOwnerMap;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * Diffs one commit's tree against its parents' on raw tree bytes: entries whose ids match a
 * parent's are skipped with a 20-byte comparison (a whole unchanged directory costs one), and a
 * blob counts as introduced at a path only when no parent has it there. Trees come through a
 * small cache, because a commit's parent tree is usually the tree the previous commit added.
 * Not thread safe: one per worker.
 */
final class TreeDiff {
    private final ObjectReader reader;
    private final Paths paths;
    private final ObjectIdOwnerMap<BlobPlaces> out;
    private final TreeCache cache;
    private final MutableObjectId scratch = new MutableObjectId();
    private byte[] path = new byte[256];
    private int commit;

    TreeDiff(ObjectReader reader, Paths paths, ObjectIdOwnerMap<BlobPlaces> out, long cacheBytes) {
        this.reader = reader;
        this.paths = paths;
        this.out = out;
        this.cache = new TreeCache(cacheBytes);
    }

    /** Records the blobs {@code commit} introduces: in {@code tree}, absent at their path from every parent tree. */
    void diff(int commitIndex, ObjectId tree, ObjectId[] parentTrees) throws IOException {
        this.commit = commitIndex;
        for (ObjectId p : parentTrees) {
            if (p.equals(tree)) {
                return;
            }
        }
        byte[][] parents = new byte[parentTrees.length][];
        for (int i = 0; i < parents.length; i++) {
            parents[i] = read(parentTrees[i]);
        }
        walk(read(tree), parents, 0);
    }

    private byte[] read(ObjectId id) throws IOException {
        byte[] raw = cache.get(id);
        if (raw == null) {
            raw = reader.open(id, Constants.OBJ_TREE).getCachedBytes();
            cache.put(id.copy(), raw);
        }
        return raw;
    }

    /**
     * Walks {@code tree} (at path {@code path[0, prefix)}) against the parents' trees at the same
     * path (null where a parent has none there).
     */
    private void walk(byte[] tree, byte[][] parents, int prefix) throws IOException {
        int n = parents.length;
        int[] pos = new int[n];
        int p = 0;
        while (p < tree.length) {
            // entry: mode SP name NUL id(20)
            int modeEnd = p;
            while (tree[modeEnd] != ' ') {
                modeEnd++;
            }
            int nameStart = modeEnd + 1;
            int nameEnd = nameStart;
            while (tree[nameEnd] != 0) {
                nameEnd++;
            }
            int idAt = nameEnd + 1;
            int next = idAt + Constants.OBJECT_ID_LENGTH;
            boolean isTree = modeEnd - p == 5 && tree[p] == '4';
            boolean isFile = modeEnd - p == 6 && tree[p] == '1' && tree[p + 1] == '0' && tree[p + 2] == '0';
            if (!isTree && !isFile) {
                p = next;
                continue;
            }
            boolean same = false;
            byte[][] subParents = isTree ? new byte[n][] : null;
            for (int k = 0; k < n && !same; k++) {
                byte[] pt = parents[k];
                if (pt == null) {
                    continue;
                }
                int q = pos[k];
                // the usual case: the parent has this very entry (mode, name and id) right here
                int entryLength = next - p;
                if (q + entryLength <= pt.length && Arrays.equals(tree, p, next, pt, q, q + entryLength)) {
                    pos[k] = q + entryLength;
                    same = true;
                    break;
                }
                // otherwise advance parent k to the first entry not sorting before this one
                while (q < pt.length) {
                    int qModeEnd = q;
                    while (pt[qModeEnd] != ' ') {
                        qModeEnd++;
                    }
                    int qName = qModeEnd + 1;
                    int qNameEnd = qName;
                    while (pt[qNameEnd] != 0) {
                        qNameEnd++;
                    }
                    boolean qTree = qModeEnd - q == 5 && pt[q] == '4';
                    int c = compare(pt, qName, qNameEnd, qTree, tree, nameStart, nameEnd, isTree);
                    if (c < 0) {
                        q = qNameEnd + 1 + Constants.OBJECT_ID_LENGTH;
                        continue;
                    }
                    if (c == 0) {
                        if (Arrays.equals(pt, qNameEnd + 1, qNameEnd + 21, tree, idAt, idAt + 20)) {
                            same = true;
                        } else if (isTree) {
                            scratch.fromRaw(pt, qNameEnd + 1);
                            subParents[k] = read(scratch.toObjectId());
                        }
                    }
                    break;
                }
                pos[k] = q;
            }
            if (!same) {
                int len = nameEnd - nameStart;
                int end = prefix + len;
                if (end + 1 > path.length) {
                    path = Arrays.copyOf(path, Math.max(path.length * 2, end + 64));
                }
                System.arraycopy(tree, nameStart, path, prefix, len);
                if (isTree) {
                    path[end] = '/';
                    scratch.fromRaw(tree, idAt);
                    walk(read(scratch.toObjectId()), subParents, end + 1);
                } else {
                    scratch.fromRaw(tree, idAt);
                    BlobPlaces b = out.get(scratch);
                    if (b == null) {
                        b = new BlobPlaces(scratch);
                        out.add(b);
                    }
                    b.add(paths.intern(new String(path, 0, end, StandardCharsets.UTF_8)), commit);
                }
            }
            p = next;
        }
    }

    /** Git's tree order: names compare as bytes, a tree's name as if followed by '/'. */
    private static int compare(byte[] a, int as, int ae, boolean aTree, byte[] b, int bs, int be, boolean bTree) {
        int la = ae - as;
        int lb = be - bs;
        int m = Math.min(la, lb);
        int c = Arrays.compareUnsigned(a, as, as + m, b, bs, bs + m);
        if (c != 0) {
            return c;
        }
        int ca = la > m ? a[as + m] & 0xff : (aTree ? '/' : 0);
        int cb = lb > m ? b[bs + m] & 0xff : (bTree ? '/' : 0);
        return Integer.compare(ca, cb);
    }

    /** Raw trees recently read, up to a byte budget, least recently used dropped first. */
    private static final class TreeCache extends LinkedHashMap<ObjectId, byte[]> {
        private final long budget;
        private long size;

        TreeCache(long budget) {
            super(1024, 0.75f, true);
            this.budget = budget;
        }

        @Override
        public byte[] put(ObjectId key, byte[] value) {
            size += value.length;
            return super.put(key, value);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<ObjectId, byte[]> eldest) {
            if (size > budget) {
                size -= eldest.getValue().length;
                return true;
            }
            return false;
        }
    }
}
