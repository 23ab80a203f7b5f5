package io.leakgate.source.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.MutableObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdOwnerMap;

/**
 * Diffs one commit's tree against its parents' on raw tree bytes. Runs of entries that a parent
 * has byte for byte (mode, name and id) are skipped with one vectorised comparison, using the
 * parent's entry offsets to find where the run ends; only the entries that differ are parsed,
 * and the child's offsets are spliced from the parent's, ready for when it is a parent itself. A
 * blob counts as introduced at a path only when no parent has it there. Trees come through a
 * small cache, because a commit's parent tree is usually the tree the previous commit added.
 * Not thread safe: one per worker.
 */
final class TreeDiff {
    private static final int ID = Constants.OBJECT_ID_LENGTH;

    private final PackTrees trees;
    private final InternedPaths paths;
    private final ObjectIdOwnerMap<BlobPlaces> out;
    /** Parsed trees recently read. */
    private final ByteBudgetCache<ObjectId, Tree> cache;
    private final MutableObjectId scratch = new MutableObjectId();
    private byte[] path = new byte[256];
    private int commit;

    TreeDiff(PackTrees trees, InternedPaths paths, ObjectIdOwnerMap<BlobPlaces> out, long cacheBytes) {
        this.trees = trees;
        this.paths = paths;
        this.out = out;
        this.cache = new ByteBudgetCache<>(cacheBytes, t -> t.raw.length + 64L);
    }

    /**
     * A raw tree and, once known, where each of its entries starts (plus its length, as a last
     * element). A tree diffed against a parent gets its offsets from the parent's for the runs
     * they share, so only its changed entries are ever parsed.
     */
    private static final class Tree {
        final byte[] raw;
        int[] starts;

        Tree(byte[] raw) {
            this.raw = raw;
        }

        int count() {
            return starts.length - 1;
        }

        Tree parsed() {
            if (starts == null) {
                int[] st = new int[Math.max(8, raw.length / 32)];
                int n = 0;
                int p = 0;
                while (p < raw.length) {
                    if (n + 1 >= st.length) {
                        st = Arrays.copyOf(st, st.length * 2);
                    }
                    st[n++] = p;
                    p = entryEnd(raw, p);
                }
                st[n] = raw.length;
                starts = Arrays.copyOf(st, n + 1);
            }
            return this;
        }
    }

    private static int entryEnd(byte[] raw, int p) {
        while (raw[p] != 0) {
            p++;
        }
        return p + 1 + ID;
    }

    /** Records the blobs {@code commit} introduces: in {@code tree}, absent at their path from every parent tree. */
    void diff(int commitIndex, ObjectId tree, ObjectId[] parentTrees) throws IOException {
        this.commit = commitIndex;
        for (ObjectId p : parentTrees) {
            if (p.equals(tree)) {
                return;
            }
        }
        Tree[] parents = new Tree[parentTrees.length];
        for (int i = 0; i < parents.length; i++) {
            parents[i] = read(parentTrees[i]);
        }
        walk(read(tree), parents, 0);
    }

    private Tree read(AnyObjectId id) throws IOException {
        Tree t = cache.get(id);
        if (t == null) {
            t = new Tree(trees.tree(id));
            cache.put(id.copy(), t);
        }
        return t;
    }

    /**
     * Walks {@code tree} (at {@code path[0, prefix)}) against the parents' trees there (null:
     * none). The entries that differ are handled by {@link #changed}, a method of its own: kept
     * apart, the optimising compiler compiles two modest methods early instead of one that
     * inlines the whole walk, pack reading included, late.
     */
    private void walk(Tree tree, Tree[] parents, int prefix) throws IOException {
        boolean[] same = sameEntries(tree, parents);
        int n = tree.count();
        for (int i = 0; i < n; i++) {
            if (!same[i]) {
                changed(tree, i, parents, prefix);
            }
        }
    }

    /** Which entries of {@code tree} some parent has byte for byte; parses {@code tree}'s entries. */
    private static boolean[] sameEntries(Tree tree, Tree[] parents) {
        boolean[] same = null;
        for (Tree parent : parents) {
            if (parent == null) {
                continue;
            }
            parent.parsed();
            if (same == null && tree.starts == null) {
                same = splice(tree, parent);
            } else {
                if (same == null) {
                    same = new boolean[tree.count()];
                }
                markSame(tree, parent, same);
            }
        }
        tree.parsed();
        return same != null ? same : new boolean[tree.count()];
    }

    /** Entry {@code i} of {@code tree}, which no parent has byte for byte: recorded, or walked into. */
    private void changed(Tree tree, int i, Tree[] parents, int prefix) throws IOException {
        byte[] raw = tree.raw;
        int p = tree.starts[i];
        int modeEnd = p;
        while (raw[modeEnd] != ' ') {
            modeEnd++;
        }
        boolean isTree = modeEnd - p == 5 && raw[p] == '4';
        boolean isFile = modeEnd - p == 6 && raw[p] == '1' && raw[p + 1] == '0' && raw[p + 2] == '0';
        if (!isTree && !isFile) {
            return;
        }
        int nameStart = modeEnd + 1;
        int idAt = tree.starts[i + 1] - ID;
        int nameEnd = idAt - 1;
        Tree[] subParents = isTree ? new Tree[parents.length] : null;
        for (int k = 0; k < parents.length; k++) {
            Tree pt = parents[k];
            if (pt == null) {
                continue;
            }
            int j = find(pt, raw, nameStart, nameEnd, isTree);
            if (j < 0) {
                continue;
            }
            int pid = pt.starts[j + 1] - ID;
            if (Arrays.equals(pt.raw, pid, pid + ID, raw, idAt, idAt + ID)) {
                return;
            } else if (isTree) {
                subParents[k] = read(pt.raw, pid);
            }
        }
        int len = nameEnd - nameStart;
        int end = prefix + len;
        if (end + 1 > path.length) {
            path = Arrays.copyOf(path, Math.max(path.length * 2, end + 64));
        }
        System.arraycopy(raw, nameStart, path, prefix, len);
        if (isTree) {
            path[end] = '/';
            walk(read(raw, idAt), subParents, end + 1);
        } else {
            scratch.fromRaw(raw, idAt);
            BlobPlaces b = out.get(scratch);
            if (b == null) {
                b = new BlobPlaces(scratch);
                out.add(b);
            }
            b.add(paths.intern(new String(path, 0, end, StandardCharsets.UTF_8)), commit);
        }
    }

    /** The tree whose id is at {@code raw[at, at + 20)}. */
    private Tree read(byte[] raw, int at) throws IOException {
        scratch.fromRaw(raw, at);
        return read(scratch);
    }

    /**
     * Finds the entry offsets of {@code child} (not parsed yet) from those of {@code parent}:
     * equal runs take the parent's offsets, shifted; only entries that differ are parsed. Returns
     * which child entries the parent has byte for byte.
     */
    private static boolean[] splice(Tree child, Tree parent) {
        byte[] c = child.raw;
        byte[] pr = parent.raw;
        int[] ps = parent.starts;
        int pn = parent.count();
        int[] starts = new int[pn + 16];
        boolean[] same = new boolean[pn + 16];
        int n = 0;
        int p = 0;
        int j = 0;
        while (p < c.length) {
            if (n + pn + 2 >= starts.length) {
                starts = Arrays.copyOf(starts, starts.length * 2 + pn);
                same = Arrays.copyOf(same, starts.length);
            }
            if (j >= pn) {
                starts[n++] = p;
                p = entryEnd(c, p);
                continue;
            }
            int q = ps[j];
            int m = Arrays.mismatch(c, p, c.length, pr, q, pr.length);
            int jj = m < 0 ? pn : entryAt(ps, q + m, j);
            for (int t = j; t < jj; t++) {
                same[n] = true;
                starts[n++] = ps[t] - q + p;
            }
            p += ps[jj] - q;
            j = jj;
            if (p >= c.length || j >= pn) {
                continue;
            }
            int e = entryEnd(c, p);
            int order = compareNames(c, p, e, pr, ps[j], ps[j + 1]);
            if (order > 0) {
                j++;
                continue;
            }
            starts[n++] = p;
            p = e;
            if (order == 0) {
                j++;
            }
        }
        starts[n] = c.length;
        child.starts = Arrays.copyOf(starts, n + 1);
        return Arrays.copyOf(same, n);
    }

    /**
     * Marks the entries of {@code child} that {@code parent} has byte for byte. Equal bytes from
     * two entry starts cover whole equal entries up to the parent entry holding the first
     * difference; those are skipped at once, then the two differing entries are ordered by name.
     */
    private static void markSame(Tree child, Tree parent, boolean[] same) {
        byte[] c = child.raw;
        byte[] pr = parent.raw;
        int[] cs = child.starts;
        int[] ps = parent.starts;
        int n = child.count();
        int pn = parent.count();
        int i = 0;
        int j = 0;
        while (i < n && j < pn) {
            int p = cs[i];
            int q = ps[j];
            int m = Arrays.mismatch(c, p, c.length, pr, q, pr.length);
            if (m < 0) {
                Arrays.fill(same, i, n, true);
                return;
            }
            int jj = entryAt(ps, q + m, j);
            int k = Math.min(jj - j, n - i);
            Arrays.fill(same, i, i + k, true);
            i += k;
            j += k;
            if (i >= n || j >= pn) {
                return;
            }
            int order = compareNames(c, cs[i], cs[i + 1], pr, ps[j], ps[j + 1]);
            if (order < 0) {
                i++;
            } else if (order > 0) {
                j++;
            } else {
                i++;
                j++;
            }
        }
    }

    /** The index of the entry holding byte {@code pos} (the count when {@code pos} is the end). */
    private static int entryAt(int[] starts, int pos, int from) {
        int lo = from;
        int hi = starts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= pos) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Finds the entry named {@code name} of the same kind (tree or not) in {@code t}; -1 if none. */
    private static int find(Tree t, byte[] name, int ns, int ne, boolean isTree) {
        int lo = 0;
        int hi = t.count() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int s = t.starts[mid];
            int modeEnd = s;
            while (t.raw[modeEnd] != ' ') {
                modeEnd++;
            }
            boolean midTree = modeEnd - s == 5 && t.raw[s] == '4';
            int c = compare(t.raw, modeEnd + 1, t.starts[mid + 1] - ID - 1, midTree, name, ns, ne, isTree);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** Orders two entries (given by start and end) by name as Git sorts a tree. */
    private static int compareNames(byte[] a, int as, int aEnd, byte[] b, int bs, int bEnd) {
        int am = as;
        while (a[am] != ' ') {
            am++;
        }
        int bm = bs;
        while (b[bm] != ' ') {
            bm++;
        }
        boolean aTree = am - as == 5 && a[as] == '4';
        boolean bTree = bm - bs == 5 && b[bs] == '4';
        return compare(a, am + 1, aEnd - ID - 1, aTree, b, bm + 1, bEnd - ID - 1, bTree);
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
}
