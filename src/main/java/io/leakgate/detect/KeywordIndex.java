package io.leakgate.detect;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An Aho-Corasick automaton over all rules' keywords, compiled to a dense DFA over byte classes,
 * so one pass over a buffer finds every keyword occurrence, ASCII case-insensitively.
 *
 * <p>Bytes that occur in no keyword share one class, which keeps the table small enough to stay
 * in cache (a few hundred KiB for a pack of 250 keywords).
 */
final class KeywordIndex {
    /** Receives keyword hits in the order of their end positions. */
    interface HitSink {
        /** @param keyword index into the keyword list; {@code end} is exclusive */
        void hit(int keyword, int start, int end);
    }

    /** Where the build puts the bundled pack's automaton (see {@link PackedKeywords}). */
    static final String BUNDLED = "rules/keywords.bin";
    private static final int MAGIC = 0x4c474b32; // "LGK2"
    /** Buffers shorter than this (beyond four times the overlap) are not worth splitting. */
    private static final int SPLIT_AT = 4096;

    private final byte[] byteClass;
    private final int classes;
    /**
     * Transitions, pre-multiplied: the next state's row offset is {@code delta[rowOffset + class]},
     * stored bit-inverted (negative) when that state ends a keyword, so the hot loop tests a sign
     * instead of looking up a second table.
     */
    private final int[] delta;
    /** Per state (indexed by row offset / classes): keyword ids that end here, or null. */
    private final int[][] outputs;
    private final int[] lengths;
    /** The longest keyword's length in bytes. */
    private final int longest;
    /**
     * For writing only (null when read): each state's failure state, and the states in
     * breadth-first order, in which a state's failure state always comes first.
     */
    private final int[] fail;
    private final int[] order;

    KeywordIndex(List<String> keywords) {
        byteClass = new byte[256];
        lengths = new int[keywords.size()];
        byte[][] words = new byte[keywords.size()][];
        boolean[] used = new boolean[256];
        for (int i = 0; i < words.length; i++) {
            words[i] = fold(keywords.get(i).getBytes(StandardCharsets.UTF_8));
            lengths[i] = words[i].length;
            for (byte b : words[i]) {
                used[b & 0xff] = true;
            }
        }
        int next = 1;
        byte[] classOf = new byte[256];
        for (int b = 0; b < 256; b++) {
            if (used[b]) {
                classOf[b] = (byte) next++;
            }
        }
        for (int b = 0; b < 256; b++) {
            byteClass[b] = classOf[fold((byte) b) & 0xff];
        }
        classes = next;

        // Trie with goto function; -1 = no edge.
        List<int[]> go = new ArrayList<>();
        List<int[]> out = new ArrayList<>();
        go.add(newRow());
        out.add(null);
        for (int k = 0; k < words.length; k++) {
            if (words[k].length == 0) {
                continue;
            }
            int s = 0;
            for (byte b : words[k]) {
                int c = byteClass[b & 0xff];
                if (go.get(s)[c] < 0) {
                    go.get(s)[c] = go.size();
                    go.add(newRow());
                    out.add(null);
                }
                s = go.get(s)[c];
            }
            out.set(s, append(out.get(s), k));
        }
        int states = go.size();
        fail = new int[states];
        order = new int[states];
        int ordered = 1;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        int[] root = go.get(0);
        for (int c = 0; c < classes; c++) {
            if (root[c] < 0) {
                root[c] = 0;
            } else {
                fail[root[c]] = 0;
                queue.add(root[c]);
            }
        }
        // Class 0 (bytes in no keyword) always returns to the root.
        root[0] = 0;
        while (!queue.isEmpty()) {
            int s = queue.poll();
            order[ordered++] = s;
            int[] row = go.get(s);
            int[] inherited = out.get(fail[s]);
            if (inherited != null) {
                int[] merged = out.get(s);
                for (int k : inherited) {
                    merged = append(merged, k);
                }
                out.set(s, merged);
            }
            for (int c = 0; c < classes; c++) {
                int t = row[c];
                int viaFail = go.get(fail[s])[c];
                if (t < 0 || c == 0) {
                    row[c] = c == 0 ? 0 : viaFail;
                } else {
                    fail[t] = viaFail;
                    queue.add(t);
                }
            }
        }
        delta = new int[states * classes];
        outputs = new int[states][];
        for (int s = 0; s < states; s++) {
            int[] row = go.get(s);
            for (int c = 0; c < classes; c++) {
                int target = row[c];
                delta[s * classes + c] = out.get(target) == null ? target * classes : ~(target * classes);
            }
            outputs[s] = out.get(s);
        }
        longest = longest(lengths);
    }

    private KeywordIndex(byte[] byteClass, int classes, int[] delta, int[][] outputs, int[] lengths) {
        this.byteClass = byteClass;
        this.classes = classes;
        this.delta = delta;
        this.outputs = outputs;
        this.lengths = lengths;
        this.longest = longest(lengths);
        this.fail = null;
        this.order = null;
    }

    private static int longest(int[] lengths) {
        int max = 1;
        for (int length : lengths) {
            max = Math.max(max, length);
        }
        return max;
    }

    /**
     * The automaton the build made for the bundled pack, when {@code keywords} are exactly the
     * ones it was made from; else null. Building it costs a hook more than the rest of a small
     * push's scan; reading it costs a bulk copy.
     */
    static KeywordIndex bundled(List<String> keywords) {
        try (InputStream in = KeywordIndex.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            return in == null ? null : read(in, keywords);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Writes the automaton for the keywords it was made from. A state's row is its failure
     * state's row except where the trie leads on, so each row is written as those differences
     * (a few per state) and rebuilt by copying rows in breadth-first order: a tenth of the
     * dense table's size to read and inflate.
     */
    void write(List<String> keywords, OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(stream));
        out.writeInt(MAGIC);
        out.writeInt(keywords.size());
        out.writeLong(fingerprint(keywords));
        out.writeInt(classes);
        out.write(byteClass);
        ints(out, lengths);
        int states = outputs.length;
        int[] differing = new int[states];
        int[] changes = new int[2 * states * 2];
        int n = 0;
        for (int i = 1; i < states; i++) {
            int s = order[i];
            int from = fail[s] * classes;
            for (int c = 0; c < classes; c++) {
                int value = delta[s * classes + c];
                if (value != delta[from + c]) {
                    if (n + 2 > changes.length) {
                        changes = Arrays.copyOf(changes, changes.length * 2);
                    }
                    changes[n++] = c;
                    changes[n++] = value;
                    differing[i]++;
                }
            }
        }
        ints(out, Arrays.copyOf(delta, classes));
        ints(out, order);
        ints(out, fail);
        ints(out, differing);
        ints(out, Arrays.copyOf(changes, n));
        int[] offsets = new int[states + 1];
        int total = 0;
        for (int s = 0; s < states; s++) {
            offsets[s] = total;
            total += outputs[s] == null ? 0 : outputs[s].length;
        }
        offsets[states] = total;
        int[] flat = new int[total];
        for (int s = 0; s < states; s++) {
            if (outputs[s] != null) {
                System.arraycopy(outputs[s], 0, flat, offsets[s], outputs[s].length);
            }
        }
        ints(out, offsets);
        ints(out, flat);
        out.flush();
    }

    /** The automaton in {@code stream} if it was made from exactly {@code keywords}; else null. */
    static KeywordIndex read(InputStream stream, List<String> keywords) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(stream, 1 << 16));
        if (in.readInt() != MAGIC || in.readInt() != keywords.size() || in.readLong() != fingerprint(keywords)) {
            return null;
        }
        int classes = in.readInt();
        byte[] byteClass = in.readNBytes(256);
        int[] lengths = ints(in);
        int[] root = ints(in);
        int[] order = ints(in);
        int[] fail = ints(in);
        int[] differing = ints(in);
        int[] changes = ints(in);
        int states = order.length;
        if (root.length != classes || fail.length != states || differing.length != states) {
            throw new IOException("damaged keyword automaton");
        }
        int[] delta = new int[states * classes];
        System.arraycopy(root, 0, delta, 0, classes);
        int at = 0;
        for (int i = 1; i < states; i++) {
            int row = order[i] * classes;
            System.arraycopy(delta, fail[order[i]] * classes, delta, row, classes);
            for (int k = 0; k < differing[i]; k++, at += 2) {
                delta[row + changes[at]] = changes[at + 1];
            }
        }
        int[] offsets = ints(in);
        int[] flat = ints(in);
        int[][] outputs = new int[offsets.length - 1][];
        for (int s = 0; s < outputs.length; s++) {
            if (offsets[s + 1] > offsets[s]) {
                outputs[s] = Arrays.copyOfRange(flat, offsets[s], offsets[s + 1]);
            }
        }
        return new KeywordIndex(byteClass, classes, delta, outputs, lengths);
    }

    /**
     * A 64-bit FNV-1a hash of the keywords, to tell whether a written automaton was made from
     * them (reading them back one by one cost a hook more than the rest of the file).
     */
    private static long fingerprint(List<String> keywords) {
        long h = 0xcbf29ce484222325L;
        for (String k : keywords) {
            for (int i = 0; i < k.length(); i++) {
                h = (h ^ k.charAt(i)) * 0x100000001b3L;
            }
            h = (h ^ 0xffff) * 0x100000001b3L;
        }
        return h;
    }

    private static void ints(DataOutputStream out, int[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        out.writeInt(values.length);
        out.write(b.array());
    }

    private static int[] ints(DataInputStream in) throws IOException {
        int n = in.readInt();
        byte[] bytes = in.readNBytes(n * 4);
        if (bytes.length != n * 4) {
            throw new IOException("truncated keyword automaton");
        }
        int[] values = new int[n];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(values);
        return values;
    }

    /**
     * Reports every keyword occurrence in {@code buf[from, to)}, in the order of their ends.
     *
     * <p>Each step of the automaton waits for the previous one's table lookup, so one pass is
     * bound by memory latency, not by work. A long buffer is therefore cut in four parts run by
     * four automata in the same loop, whose lookups overlap. Each part after the first starts
     * early by the longest keyword's length less one, so it sees every keyword ending in its
     * part, and each reports only those. Hits wait in per-part buffers until the loop is done.
     * (Four parts against two: `leakgate git` of jquery 3% faster, median of 12 paired runs,
     * with the first-tier compiler the launcher runs.)
     */
    void scan(byte[] buf, int from, int to, HitSink sink) {
        int overlap = longest - 1;
        if (to - from < 4 * overlap + SPLIT_AT) {
            scanOne(buf, from, to, sink);
            return;
        }
        final byte[] cls = byteClass;
        final int[] d = delta;
        int q = (to - from) / 4;
        // Part k reports ends in (b_k, b_k+1], with b_0 = from - 1 and b_4 = to.
        int b1 = from + q;
        int b2 = b1 + q;
        int b3 = b2 + q;
        // Parts 1 to 3 start at p_k = b_k - overlap; part 0 at from. All run `steps` bytes in the
        // loop; part 3 finishes alone.
        int p1 = b1 - overlap;
        int p2 = b2 - overlap;
        int p3 = b3 - overlap;
        int steps = q + overlap;
        int s0 = 0;
        int s1 = 0;
        int s2 = 0;
        int s3 = 0;
        Hits h0 = new Hits();
        Hits h1 = new Hits();
        Hits h2 = new Hits();
        Hits h3 = new Hits();
        for (int t = 0; t < steps; t++) {
            s0 = d[s0 + cls[buf[from + t] & 0xff]];
            s1 = d[s1 + cls[buf[p1 + t] & 0xff]];
            s2 = d[s2 + cls[buf[p2 + t] & 0xff]];
            s3 = d[s3 + cls[buf[p3 + t] & 0xff]];
            if ((s0 | s1 | s2 | s3) < 0) {
                if (s0 < 0) {
                    s0 = ~s0;
                    h0.addIn(this, s0, from + t + 1, from, b1);
                }
                if (s1 < 0) {
                    s1 = ~s1;
                    h1.addIn(this, s1, p1 + t + 1, b1 + 1, b2);
                }
                if (s2 < 0) {
                    s2 = ~s2;
                    h2.addIn(this, s2, p2 + t + 1, b2 + 1, b3);
                }
                if (s3 < 0) {
                    s3 = ~s3;
                    h3.addIn(this, s3, p3 + t + 1, b3 + 1, to);
                }
            }
        }
        for (int i = p3 + steps; i < to; i++) {
            s3 = d[s3 + cls[buf[i] & 0xff]];
            if (s3 < 0) {
                s3 = ~s3;
                h3.addIn(this, s3, i + 1, b3 + 1, to);
            }
        }
        h0.replay(sink);
        h1.replay(sink);
        h2.replay(sink);
        h3.replay(sink);
    }

    private void scanOne(byte[] buf, int from, int to, HitSink sink) {
        final byte[] cls = byteClass;
        final int[] d = delta;
        int state = 0;
        for (int i = from; i < to; i++) {
            state = d[state + cls[buf[i] & 0xff]];
            if (state < 0) {
                state = ~state;
                emit(state, i + 1, sink);
            }
        }
    }

    private void emit(int state, int end, HitSink sink) {
        for (int k : outputs[state / classes]) {
            sink.hit(k, end - lengths[k], end);
        }
    }

    /** Hits held back, in order. */
    private static final class Hits {
        private int[] hits = new int[96];
        private int size;

        /** The keywords of {@code state} ending at {@code end}, if {@code first <= end <= last}. */
        void addIn(KeywordIndex index, int state, int end, int first, int last) {
            if (end >= first && end <= last) {
                for (int k : index.outputs[state / index.classes]) {
                    add(k, end - index.lengths[k], end);
                }
            }
        }

        void add(int keyword, int start, int end) {
            if (size + 3 > hits.length) {
                hits = Arrays.copyOf(hits, hits.length * 2);
            }
            hits[size++] = keyword;
            hits[size++] = start;
            hits[size++] = end;
        }

        void replay(HitSink sink) {
            for (int i = 0; i < size; i += 3) {
                sink.hit(hits[i], hits[i + 1], hits[i + 2]);
            }
        }
    }

    int stateCount() {
        return outputs.length;
    }

    private int[] newRow() {
        int[] row = new int[classes];
        Arrays.fill(row, -1);
        return row;
    }

    private static int[] append(int[] a, int v) {
        if (a == null) {
            return new int[] {v};
        }
        for (int x : a) {
            if (x == v) {
                return a;
            }
        }
        int[] r = Arrays.copyOf(a, a.length + 1);
        r[a.length] = v;
        return r;
    }

    private static byte fold(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }

    private static byte[] fold(byte[] word) {
        byte[] r = word.clone();
        for (int i = 0; i < r.length; i++) {
            r[i] = fold(r[i]);
        }
        return r;
    }
}
